"""Shapes of the answers, for the OpenAPI description (the answers themselves are built
as plain dicts in notice.py)."""
import datetime
from typing import Literal

from pydantic import BaseModel, Field

from .notice import TIE_BREAKERS, Outcome, RankWithin, Subject, UnitKind
from .periods import PeriodKind


class ErrorBody(BaseModel):
    code: str = Field(description="machine-readable reason, e.g. start_not_aligned")
    message: str = Field(description="the reason in Chinese, fit to show to a user")
    parameter: str | None = Field(None, description="the query parameter at fault, if any")


class Health(BaseModel):
    status: str = Field(description="ok, or unavailable (with code and message)")
    contract_version: str | None = None
    code: str | None = None
    message: str | None = None


class PeriodInfo(BaseModel):
    kind: PeriodKind
    start: datetime.date = Field(description="first day, YYYY-MM-DD")
    end: datetime.date = Field(description="last day, YYYY-MM-DD")
    label: str = Field(description="e.g. 2026年第三季度")


class ScopeInfo(BaseModel):
    unit_id: int
    code: str | None
    name: str
    path: str | None
    label: str = Field(description="the scope as the title names it: 全市, 临江区, …")


class Figures(BaseModel):
    items_submitted: int = Field(description="items submitted in the period (a joint item counts for each of its units)")
    items_toward_minimum: int = Field(description="those of items_submitted counting towards the minimums: all but "
                                                  "urgent reports, unless the year's rule set counts them")
    adoptions_central: int
    adoptions_province: int
    adoptions_city: int
    adoptions_county: int
    adoptions_other: int
    adoptions_total: int
    score: float
    submissions_required: float | None = Field(description="from the quota; null without one")
    completion_pct: float | None = Field(description="items_toward_minimum / submissions_required × 100")
    below_target: bool = Field(description="completion below 100 %")


class NoticeRow(Figures):
    unit_id: int = Field(description="the unit (subject units) or the person's unit")
    person_id: int | None = Field(None, description="subject people only")
    code: str | None = Field(None, description="subject units only")
    name: str
    unit_name: str | None = Field(None, description="subject people only")
    path: str | None = Field(description="the unit's chain of names")
    kind: UnitKind | None = Field(None, description="subject units only: county, township, …")
    category_id: int | None = Field(None, description="subject units only: the unit's category (一类, 二类, …); "
                                                      "null without one")
    category_name: str | None = Field(None, description="subject units only: the name of the unit's category")
    is_officer: bool | None = Field(None, description="subject people only")
    rank: int | None = Field(description="standard competition ranking (1, 2, 2, 4), among every row, the rows of the "
                                         "same unit kind (rank_within kind) or those of the same unit category "
                                         "(rank_within category; the units without one among themselves); null "
                                         "when nothing happened in the period")
    tied: bool = Field(description="the rank is shared")
    previous_rank: int | None = Field(description="rank in the previous period of the same kind; null when nothing happened in it")
    rank_change: int | None = Field(description="previous_rank - rank: positive moved up")
    below_pass_mark: bool = Field(description="score below the pass mark of the period, where one exists")
    outcomes: list[Outcome] = Field(description="what befell the row's own unit, or its person, in the period "
                                                "besides points, by the rule set's outcome rules: not up to "
                                                "standard (不达标), no award (不得评先评优), one-vote veto (一票否决); "
                                                "empty when nothing did or the period is not closed")


class Totals(Figures):
    row_count: int
    rows_below_pass_mark: int
    rows_below_target: int


class Notice(BaseModel):
    contract_version: str
    title: str = Field(description="e.g. 2026年10月全市组工信息工作情况通报")
    period: PeriodInfo
    previous_period: PeriodInfo
    scope: ScopeInfo
    subject: Subject
    kind: UnitKind | None
    rollup: bool
    tie_breakers: list[Literal[TIE_BREAKERS]]
    rank_within: RankWithin = Field(RankWithin.all, description="all rows ranked together, within each unit kind, or "
                                                                "within each unit category; rows are listed group by "
                                                                "group (kinds in the order of the enumeration, "
                                                                "categories in the research office's order, the units "
                                                                "without one last), by rank within each")
    pass_mark: float | None
    rows: list[NoticeRow]
    totals: Totals = Field(description="the sums of the rows, leaving out rows whose figures another row already includes (rollup)")
