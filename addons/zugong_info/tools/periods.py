"""Reporting periods: week (Monday to Sunday), month, two months (Jan-Feb, Mar-Apr, ...),
quarter, half year, year."""
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

PERIOD_MONTHS = {"month": 1, "bimonth": 2, "quarter": 3, "halfyear": 6, "year": 12}


def aligned_start_sql(kind, start):
    """SQL condition: the date column ``start`` is the first day of a period of the kind
    in the column ``kind``."""
    month = f"EXTRACT(month FROM {start})::int"
    return (
        f"CASE {kind} WHEN 'week' THEN EXTRACT(isodow FROM {start}) = 1"
        f" ELSE EXTRACT(day FROM {start}) = 1 AND CASE {kind}"
        " WHEN 'month' THEN true"
        f" WHEN 'bimonth' THEN mod({month}, 2) = 1"
        f" WHEN 'quarter' THEN {month} IN (1, 4, 7, 10)"
        f" WHEN 'halfyear' THEN {month} IN (1, 7)"
        f" ELSE {month} = 1 END END"
    )


def period_start(kind, day):
    """First day of the period of ``kind`` that contains ``day``."""
    if kind == "week":
        return day - timedelta(days=day.weekday())
    months = PERIOD_MONTHS[kind]
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def period_end(kind, start):
    if kind == "week":
        return start + timedelta(days=6)
    return start + relativedelta(months=PERIOD_MONTHS[kind], days=-1)


def is_aligned(kind, start):
    return start == period_start(kind, start)


def previous_start(kind, start):
    if kind == "week":
        return start - timedelta(days=7)
    return start - relativedelta(months=PERIOD_MONTHS[kind])


def months_between(start, end):
    """The first days of the months from ``start`` to ``end`` (both included)."""
    month = date(start.year, start.month, 1)
    months = []
    while month <= end:
        months.append(month)
        month += relativedelta(months=1)
    return months
