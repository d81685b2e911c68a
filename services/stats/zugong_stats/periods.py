"""Notice periods: a month, two months (Jan–Feb, Mar–Apr, …), a quarter, a half year or a
year, each starting on the first day of an aligned block of months."""
import dataclasses
import datetime
import enum

from .errors import ApiError


class PeriodKind(str, enum.Enum):
    month = "month"
    bimonth = "bimonth"
    quarter = "quarter"
    halfyear = "halfyear"
    year = "year"

    @property
    def months(self):
        return {"month": 1, "bimonth": 2, "quarter": 3, "halfyear": 6, "year": 12}[self.value]


QUARTER_NAMES = ("一", "二", "三", "四")
# The dates a notice's period may start and end within.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)
DATE_PARAMETERS = {"start": "开始日期", "end": "结束日期"}


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclasses.dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: datetime.date

    @classmethod
    def aligned(cls, kind, start, end=None):
        """The period of this kind starting on start; ApiError unless start is the
        first day of such a period (and end, when given, its last day)."""
        kind = PeriodKind(kind)
        for parameter, day in (("start", start), ("end", end)):
            if day is not None and not FIRST_DAY <= day <= LAST_DAY:
                raise ApiError(
                    422, "date_out_of_range",
                    f"{DATE_PARAMETERS[parameter]} {day} 超出支持的范围：应在 {FIRST_DAY} 至 {LAST_DAY} 之间。",
                    parameter=parameter)
        if end is not None and end < start:
            raise ApiError(422, "end_before_start", f"结束日期 {end} 早于开始日期 {start}。")
        if start.day != 1 or (start.month - 1) % kind.months:
            raise ApiError(
                422, "start_not_aligned",
                f"开始日期 {start} 不是{KIND_NAMES[kind]}的第一天"
                f"（{KIND_STARTS[kind]}）。")
        period = cls(kind, start)
        if end is not None and end != period.last_day:
            raise ApiError(
                422, "end_not_aligned",
                f"结束日期 {end} 与周期不符：{period.label}截至 {period.last_day}。")
        return period

    @property
    def end(self):
        """The first day after the period."""
        return add_months(self.start, self.kind.months)

    @property
    def last_day(self):
        return self.end - datetime.timedelta(days=1)

    @property
    def previous(self):
        return Period(self.kind, add_months(self.start, -self.kind.months))

    @property
    def label(self):
        year, month = self.start.year, self.start.month
        if self.kind is PeriodKind.month:
            return f"{year}年{month}月"
        if self.kind is PeriodKind.bimonth:
            return f"{year}年{month}—{month + 1}月"
        if self.kind is PeriodKind.quarter:
            return f"{year}年第{QUARTER_NAMES[(month - 1) // 3]}季度"
        if self.kind is PeriodKind.halfyear:
            return f"{year}年{'上' if month == 1 else '下'}半年"
        return f"{year}年度"

    @property
    def dates_label(self):
        first, last = self.start, self.last_day
        return f"{first.year}年{first.month}月{first.day}日至{last.year}年{last.month}月{last.day}日"

    def as_dict(self):
        return {"kind": self.kind.value, "start": self.start.isoformat(),
                "end": self.last_day.isoformat(), "label": self.label}


KIND_NAMES = {
    PeriodKind.month: "月度",
    PeriodKind.bimonth: "双月",
    PeriodKind.quarter: "季度",
    PeriodKind.halfyear: "半年",
    PeriodKind.year: "年度",
}
KIND_STARTS = {
    PeriodKind.month: "每月1日",
    PeriodKind.bimonth: "1、3、5、7、9、11月的1日",
    PeriodKind.quarter: "1、4、7、10月的1日",
    PeriodKind.halfyear: "1月1日或7月1日",
    PeriodKind.year: "1月1日",
}
