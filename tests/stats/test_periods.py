"""Notice periods: alignment, the previous period, Chinese labels."""
import datetime

import pytest

from zugong_stats.errors import ApiError
from zugong_stats.periods import Period


def period(kind, start, end=None):
    return Period.aligned(kind, datetime.date.fromisoformat(start),
                          datetime.date.fromisoformat(end) if end else None)


@pytest.mark.parametrize("kind, start, last_day, previous_start, label", [
    ("month", "2026-10-01", "2026-10-31", "2026-09-01", "2026年10月"),
    ("month", "2026-01-01", "2026-01-31", "2025-12-01", "2026年1月"),
    ("month", "2028-02-01", "2028-02-29", "2028-01-01", "2028年2月"),
    ("bimonth", "2026-09-01", "2026-10-31", "2026-07-01", "2026年9—10月"),
    ("bimonth", "2026-01-01", "2026-02-28", "2025-11-01", "2026年1—2月"),
    ("quarter", "2026-07-01", "2026-09-30", "2026-04-01", "2026年第三季度"),
    ("quarter", "2026-01-01", "2026-03-31", "2025-10-01", "2026年第一季度"),
    ("halfyear", "2026-01-01", "2026-06-30", "2025-07-01", "2026年上半年"),
    ("halfyear", "2026-07-01", "2026-12-31", "2026-01-01", "2026年下半年"),
    ("year", "2026-01-01", "2026-12-31", "2025-01-01", "2026年度"),
])
def test_aligned_periods(kind, start, last_day, previous_start, label):
    found = period(kind, start)
    assert found.last_day.isoformat() == last_day
    assert found.previous.start.isoformat() == previous_start
    assert found.previous.kind == found.kind
    assert found.label == label


@pytest.mark.parametrize("kind, start", [
    ("month", "2026-10-02"), ("bimonth", "2026-02-01"), ("bimonth", "2026-12-01"),
    ("quarter", "2026-02-01"), ("halfyear", "2026-04-01"), ("year", "2026-02-01"),
])
def test_unaligned_start_is_refused(kind, start):
    with pytest.raises(ApiError) as refused:
        period(kind, start)
    assert (refused.value.status, refused.value.code) == (422, "start_not_aligned")


def test_end_must_be_the_periods_last_day():
    assert period("quarter", "2026-10-01", "2026-12-31").last_day == datetime.date(2026, 12, 31)
    with pytest.raises(ApiError, match="截至 2026-12-31") as refused:
        period("quarter", "2026-10-01", "2026-11-30")
    assert refused.value.code == "end_not_aligned"
    with pytest.raises(ApiError) as refused:
        period("quarter", "2026-10-01", "2026-09-30")
    assert refused.value.code == "end_before_start"


def test_dates_label():
    assert period("bimonth", "2026-09-01").dates_label == "2026年9月1日至2026年10月31日"
