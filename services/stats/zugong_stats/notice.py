"""The ranked notice: two queries in one snapshot, every figure aggregated in PostgreSQL.

A period of whole months reads the monthly totals (zugong_month_total_v2), which hold per
unit, person and month what the raw items, adoptions and score lines add up to, and a
period of whole calendar years (a year notice, with the previous year) the yearly totals
(zugong_year_total_v2), the sums of those months kept per year: one row a unit and year
rather than twelve. The raw rows are read only where the totals cannot give a figure: a
window that is not whole months, and the items and adoptions of rollup rows, which count
a joint item (合报) once however many of its units they cover.

A notice has one row per active unit below the scope unit (subject units: the scope's own
unit is never ranked among the units it covers) or per active person of the scope's
subtree (subject people). Rows are ranked by score, all together, within each kind of
unit (counties with counties, sections with sections) or within each unit category (一类
with 一类; the units without a category among themselves), ties split by the requested
tie-breakers in order and otherwise shared (standard competition ranking: 1, 2, 2, 4),
and compared with the same ranking over the previous period of the same kind."""
import dataclasses
import decimal
import enum
import math
import typing

from .contract import CONTRACT_VERSION
from .errors import ApiError
from .periods import Period, add_months

LEVELS = ("central", "province", "city", "county", "other")
TIE_BREAKERS = ("items_submitted", "adoptions_total") + tuple(f"adoptions_{level}" for level in LEVELS)


class Subject(str, enum.Enum):
    units = "units"
    people = "people"


class UnitKind(str, enum.Enum):
    county = "county"
    township = "township"
    section = "section"
    point = "point"
    other = "other"


class Outcome(str, enum.Enum):
    """What may befall a unit or person in a period besides points."""
    no_award = "no_award"
    not_up_to_standard = "not_up_to_standard"
    veto = "veto"



class RankWithin(str, enum.Enum):
    """Who a row is ranked against: every row, the rows of its unit kind, or those of its
    unit category (the rows of units without a category forming a group of their own)."""
    all = "all"
    kind = "kind"
    category = "category"


# What a notice ranked within kinds or categories calls its groups, in its messages.
RANK_WITHIN_WORDS = {RankWithin.kind: "类别", RankWithin.category: "分类"}


@dataclasses.dataclass(frozen=True)
class NoticeRequest:
    period: Period
    scope_unit_id: int
    subject: Subject = Subject.units
    kind: UnitKind | None = None
    rollup: bool = False
    tie_breakers: tuple[str, ...] = ()
    rank_within: RankWithin = RankWithin.all

    def __post_init__(self):
        unknown = [name for name in self.tie_breakers if name not in TIE_BREAKERS]
        if unknown:
            raise ApiError(422, "invalid_tie_breaker",
                           f"不支持的并列排序依据：{'、'.join(unknown)}。"
                           f"可选：{'、'.join(TIE_BREAKERS)}。")
        if len(set(self.tie_breakers)) != len(self.tie_breakers):
            raise ApiError(422, "invalid_tie_breaker", "并列排序依据不能重复。")
        if self.rollup and self.subject is Subject.people:
            raise ApiError(422, "rollup_not_applicable", "按个人排名时不能汇总下级单位（rollup）。")
        if self.rank_within is not RankWithin.all and self.subject is Subject.people:
            raise ApiError(422, "rank_within_not_applicable",
                           f"按个人排名时不能按单位{RANK_WITHIN_WORDS[self.rank_within]}分别排名"
                           f"（rank_within={self.rank_within.value}）。")


SCOPE_SQL = """
SELECT u.unit_id, u.company_id, u.parent_id, u.parent_path, u.code, u.name, u.path, u.kind,
       (SELECT max(pm.pass_mark)
          FROM zugong_pass_mark_v2 pm
         WHERE pm.company_id = u.company_id AND pm.year = %(year)s
           AND pm.period_kind = %(period_kind)s AND pm.subject = %(pass_mark_subject)s)
           AS pass_mark
  FROM zugong_unit_v2 u
 WHERE u.unit_id = %(scope_unit_id)s
"""

SUBTREE_CTE = """
subtree AS (
    SELECT u.unit_id, u.parent_path, u.active, u.kind, u.code, u.name, u.path, u.category_id,
           u.category_name, u.category_sequence
      FROM zugong_unit_v2 u
     WHERE u.parent_path LIKE %(subtree_pattern)s AND u.company_id = %(company_id)s
)"""

# The rows of each subject: report_row (what is ranked) and member (row_id -> entity_id:
# the units or people whose records count for the row).
UNIT_ROWS = """
report_row AS (
    SELECT u.unit_id AS row_id, u.unit_id, u.name, u.code, u.name AS unit_name, u.path, u.kind,
           u.category_id, u.category_name, u.category_sequence, NULL::boolean AS is_officer
      FROM subtree u
     WHERE u.active AND u.unit_id <> %(scope_unit_id)s {kind_filter}
),
member AS ({member})"""

OWN_FIGURES_MEMBER = "SELECT row_id, row_id AS entity_id FROM report_row"
# Rollup: a unit's ancestors are the ids in its parent_path, so every (ancestor, unit)
# pair of the subtree comes from one pass over it.
ROLLUP_MEMBER = """
    SELECT ancestor.unit_id AS row_id, t.unit_id AS entity_id
      FROM subtree t
     CROSS JOIN LATERAL unnest(string_to_array(rtrim(t.parent_path, '/'), '/')::integer[])
           AS ancestor(unit_id)
      JOIN report_row r ON r.row_id = ancestor.unit_id
"""

PEOPLE_ROWS = """
report_row AS (
    SELECT DISTINCT ON (p.person_id)
           p.person_id AS row_id, p.unit_id, p.name, NULL::text AS code, u.name AS unit_name,
           u.path, u.kind, u.category_id, u.category_name, u.category_sequence, p.is_officer
      FROM zugong_person_v2 p
      JOIN subtree u ON u.unit_id = p.unit_id
     WHERE p.active {kind_filter}
     ORDER BY p.person_id, p.is_officer DESC, p.unit_id
),
member AS (SELECT row_id, row_id AS entity_id FROM report_row)"""

# Items with more than one unit (joint items, 合报): the one kind of record that can
# reach a row, or a person, along two paths.
JOINT_ITEM_CTE = """
joint_item AS (
    SELECT item_id FROM zugong_item_v2 WHERE company_id = %(company_id)s
     GROUP BY item_id HAVING count(*) > 1
)"""

# The records of the entities in the previous and the current period at once. They are
# subqueries rather than CTEs, and select their entities straight from the contract views
# ({entities}), so that PostgreSQL plans each use on its own and may run it in parallel.
UNIT_ENTITIES = """
    SELECT u.unit_id FROM zugong_unit_v2 u
     WHERE u.parent_path LIKE %(subtree_pattern)s AND u.company_id = %(company_id)s {filters}"""
PERSON_ENTITIES = """
    SELECT p.person_id FROM zugong_person_v2 p JOIN zugong_unit_v2 u ON u.unit_id = p.unit_id
     WHERE u.parent_path LIKE %(subtree_pattern)s AND u.company_id = %(company_id)s {filters}"""

ITEM_PERIOD = """i.submitted_on >= %(previous_start)s AND i.submitted_on < %(end)s
       AND i.state IN (SELECT state FROM zugong_item_state_v2 WHERE counts_as_submitted)"""
ADOPTION_PERIOD = "a.adopted_on >= %(previous_start)s AND a.adopted_on < %(end)s"
UNIT_RECORDS = {
    "items": f"""
    SELECT i.unit_id AS entity_id, i.item_id, i.submitted_on, i.counts_toward_minimum AS toward,
           {{joint}} AS joint
      FROM zugong_item_v2 i
     WHERE i.unit_id IN ({{entities}}) AND {ITEM_PERIOD}""",
    "adoptions": f"""
    SELECT i.unit_id AS entity_id, a.adoption_id, a.level, a.adopted_on, {{joint}} AS joint
      FROM zugong_adoption_v2 a
      JOIN zugong_item_v2 i ON i.item_id = a.item_id
     WHERE i.unit_id IN ({{entities}}) AND {ADOPTION_PERIOD}""",
}
PERSON_RECORDS = {
    "items": f"""
    SELECT author.person_id AS entity_id, i.item_id, i.submitted_on, i.counts_toward_minimum AS toward,
           {{joint}} AS joint
      FROM zugong_item_v2 i
     CROSS JOIN LATERAL unnest(i.author_ids) AS author(person_id)
     WHERE author.person_id IN ({{entities}}) AND {ITEM_PERIOD}""",
    "adoptions": f"""
    SELECT author.person_id AS entity_id, a.adoption_id, a.level, a.adopted_on, {{joint}} AS joint
      FROM zugong_adoption_v2 a
      JOIN zugong_item_v2 i ON i.item_id = a.item_id
     CROSS JOIN LATERAL unnest(i.author_ids) AS author(person_id)
     WHERE author.person_id IN ({{entities}}) AND {ADOPTION_PERIOD}""",
}
# A score line counts for a unit or for a person (its subject).
ENTITY_SCORES = """
    SELECT l.{column} AS entity_id, {score_aggregates}
      FROM zugong_score_line_v2 l
     WHERE l.subject = '{line_subject}' AND l.{column} IN ({entities})
       AND l.line_date >= %(previous_start)s AND l.line_date < %(end)s
     GROUP BY l.{column}"""
# The entities whose kept figures (the totals, the requirements) the rows read, as
# e.row_id: for rows of one entity each (a unit's own figures, a person) the report's rows
# themselves, so that the figures are looked up for the rows; for rollup rows every unit
# of the subtree.
OWN_ENTITY_SET = "report_row e"
SUBTREE_ENTITY_SET = "({entities}) AS e (row_id)"

# The submissions the period requires of each entity: the minimums of the months and
# quarters it contains, as zugong_required_v2 serves them month by month (a quarterly
# minimum sits in its quarter's last month and counts when the quarter began within the
# period: when its month is at least two months after the period's start).
ENTITY_REQUIRED = """
    SELECT e.row_id AS entity_id,
           sum(r.monthly_min) + coalesce(sum(r.quarterly_min)
               FILTER (WHERE r.month >= %(quarters_due_from)s), 0) AS required
      FROM {entity_set}
      JOIN zugong_required_v2 r ON r.{column} = e.row_id
     WHERE r.subject = '{line_subject}' AND r.company_id = %(company_id)s
       AND r.month >= %(start)s AND r.month < %(end)s
     GROUP BY e.row_id"""
# The same for a period of whole calendar years, served per year (zugong_required_year_v2:
# the sums of zugong_required_v2 over the year's months, every quarter of which begins
# within the year).
ENTITY_REQUIRED_YEARS = """
    SELECT e.row_id AS entity_id, sum(r.required) AS required
      FROM {entity_set}
      JOIN zugong_required_year_v2 r ON r.{column} = e.row_id
     WHERE r.subject = '{line_subject}' AND r.company_id = %(company_id)s
       AND r.year >= %(start_year)s AND r.year < %(end_year)s
     GROUP BY e.row_id"""

# The same figures from the monthly totals, for a period (and its previous one) of whole
# months, or from the yearly totals, for a period of whole years.
ENTITY_TOTALS = """
    SELECT e.row_id AS entity_id, {total_aggregates}
      FROM {entity_set}
      JOIN zugong_month_total_v2 t ON t.{column} = e.row_id
     WHERE t.subject = '{line_subject}' AND t.month >= %(previous_start)s AND t.month < %(end)s
     GROUP BY e.row_id"""
# A year's row and the previous year's of each entity side by side (one row a unit or
# person and year: nothing to add up).
ENTITY_YEAR_TOTALS = """
    SELECT e.row_id AS entity_id, {year_figures}
      FROM {entity_set}
      LEFT JOIN zugong_year_total_v2 t
        ON t.subject = '{line_subject}' AND t.year = %(start_year)s AND t.{column} = e.row_id
      LEFT JOIN zugong_year_total_v2 p
        ON p.subject = '{line_subject}' AND p.year = %(previous_year)s AND p.{column} = e.row_id"""
# Whether any score line of the rows' entities falls in the period (a line of no points
# makes a period active as well): the one thing about lines the totals do not keep.
ANY_LINE = """EXISTS (
        SELECT FROM zugong_score_line_v2 l
         WHERE l.subject = '{line_subject}' AND l.{column} IN (SELECT entity_id FROM member)
           AND l.line_date >= %({start})s AND l.line_date < %({end})s)"""

SCORE_AGGREGATES = """
           sum(l.points) FILTER (WHERE l.line_date >= %(start)s) AS score,
           sum(l.points) FILTER (WHERE l.line_date < %(start)s) AS previous_score,
           count(*) FILTER (WHERE l.line_date >= %(start)s) AS line_count,
           count(*) FILTER (WHERE l.line_date < %(start)s) AS previous_line_count"""

# Counts per row of the records of its entities: records of single-unit items are counted
# per entity and the counts added up per row; a joint item's records count once per row
# however many of its units (or of their rows for one person) the row covers.
ROW_COUNTS = """
    SELECT row_id, {sums}
      FROM (SELECT m.row_id, {columns}
              FROM (SELECT entity_id, {counts} FROM ({records}) e WHERE NOT e.joint
                     GROUP BY entity_id) c
              JOIN member m ON m.entity_id = c.entity_id
             UNION ALL
            SELECT row_id, {counts}
              FROM (SELECT DISTINCT m.row_id, {record_key}
                      FROM ({records}) e JOIN member m ON m.entity_id = e.entity_id
                     WHERE e.joint) j
             GROUP BY row_id) counted
     GROUP BY row_id"""

ROW_SCORE = """
    SELECT m.row_id, sum(s.score) AS score, sum(s.previous_score) AS previous_score,
           sum(s.line_count) AS line_count, sum(s.previous_line_count) AS previous_line_count
      FROM ({entity_scores}) s JOIN member m ON m.entity_id = s.entity_id
     GROUP BY m.row_id"""

# The rows' figures: counted from the raw rows (row_item_count, row_adoption_count,
# row_score), or all from the totals of the rows' own entities (row_total), joined once.
SEPARATE_FIGURES = """
row_item_count AS ({row_item_count}),
row_adoption_count AS ({row_adoption_count}),
row_score AS ({row_score}),"""
SEPARATE_JOINS = """LEFT JOIN row_item_count ic ON ic.row_id = r.row_id
      LEFT JOIN row_adoption_count ac ON ac.row_id = r.row_id
      LEFT JOIN row_score rs ON rs.row_id = r.row_id"""
SEPARATE_LINE_COUNTS = ("coalesce(rs.line_count, 0) AS line_count,\n"
                        "           coalesce(rs.previous_line_count, 0) AS previous_line_count")
# ic, ac and rs are the same row of row_total; the totals count no lines (see ANY_LINE).
TOTAL_JOINS = ("LEFT JOIN row_total ic ON ic.row_id = r.row_id"
               " CROSS JOIN LATERAL (SELECT ic.*) ac CROSS JOIN LATERAL (SELECT ic.*) rs")
TOTAL_LINE_COUNTS = "0 AS line_count, 0 AS previous_line_count"

# A row's completion of its minimum in percent, and whether it fell short of it: of the
# rows and of the totals' row alike (the items counting towards the minimums).
COMPLETION_SQL = "CASE WHEN required > 0 THEN round(items_toward_minimum * 100.0 / required, 1) END"
BELOW_TARGET_SQL = "coalesce(required > 0 AND items_toward_minimum < required, false)"

# Shared by both subjects: figures per row, the ranks, and the totals. The figures are
# ranked and kept for the totals without the rows' names and paths (narrow rows sort and
# keep faster), which the rows of the answer take from report_row at the end.
RANKING_SQL = """{row_total}{row_figures}
row_quota AS ({row_quota}),
row_outcome AS ({row_outcome}),
figures AS (
    SELECT r.row_id, r.kind, r.category_id,
           coalesce(ic.items_submitted, 0) AS items_submitted,
           coalesce(ic.previous_items_submitted, 0) AS previous_items_submitted,
           coalesce(ic.items_toward_minimum, 0) AS items_toward_minimum,
           {adoption_figures},
           coalesce(rs.score, 0) AS score,
           coalesce(rs.previous_score, 0) AS previous_score,
           {line_counts},
           rq.required,
           ro.outcomes
      FROM report_row r
      {figure_joins}
      LEFT JOIN row_quota rq ON rq.row_id = r.row_id
      LEFT JOIN row_outcome ro ON ro.row_id = r.row_id
),
ranked AS (
    SELECT f.*,
           rank() OVER ({group} ORDER BY {order}) AS rank,
           -- the rows sharing the rank (its peers), counted in the rank's own window
           count(*) OVER ({group} ORDER BY {order} RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS rank_size,
           rank() OVER ({group} ORDER BY {previous_order}) AS previous_rank,
           {activity} AS active,
           {previous_activity} AS previous_active
      FROM figures f
),
result AS (
    SELECT row_id, items_submitted, items_toward_minimum, {adoption_columns}, score, required,
           {outermost} AS outermost,
           -- A period in which nothing at all happened has no ranking.
           CASE WHEN active THEN rank END AS rank,
           active AND rank_size > 1 AS tied,
           CASE WHEN previous_active THEN previous_rank END AS previous_rank,
           CASE WHEN active AND previous_active THEN previous_rank - rank END
               AS rank_change,
           {completion} AS completion_pct,
           coalesce(score < %(pass_mark)s, false) AS below_pass_mark,
           {below_target} AS below_target,
           coalesce(outcomes, '{{}}') AS outcomes
      FROM ranked
),
totals AS (
    SELECT {total_sums},
           sum(required) FILTER (WHERE outermost) AS required,
           count(*) AS row_count,
           count(*) FILTER (WHERE below_pass_mark) AS rows_below_pass_mark,
           count(*) FILTER (WHERE below_target) AS rows_below_target
      FROM result
)
SELECT {output_columns} FROM (
SELECT {row_columns}, false AS is_total, kind AS sort_kind, category_sequence AS sort_category_sequence,
       category_id AS sort_category_id, code AS sort_code, row_id AS sort_row_id,
       NULL::bigint AS row_count, NULL::bigint AS rows_below_pass_mark, NULL::bigint AS rows_below_target
  FROM result JOIN report_row USING (row_id)
 UNION ALL
SELECT {total_columns}, true, NULL, NULL, NULL, NULL, NULL, row_count, rows_below_pass_mark, rows_below_target
  FROM totals
) notice_rows
 ORDER BY is_total, {group_order} rank NULLS LAST, sort_code, path, name, sort_row_id
"""

# Whether a row's figures are in no other row's, which the totals add up: every row's
# but for rollup rows, whose sub-units' rows are in their ancestors'.
ROLLUP_OUTERMOST = "row_id NOT IN (SELECT entity_id FROM member WHERE row_id <> entity_id)"


def _activity(prefix, line_activity, from_row_total):
    """Whether anything happened in the period (prefix "") or the previous one
    ("previous_"): an item or adoption of the rows, else a score line (line_activity,
    looked for only when there is none). The counts are summed from row_total when it
    holds every row's (a cheaper scalar than a window over the rows), else over the rows."""
    counted = f"{prefix}items_submitted + {prefix}adoptions_total"
    any_counted = (f"coalesce((SELECT sum({counted}) FROM row_total), 0) > 0" if from_row_total
                   else f"sum({counted}) OVER () > 0")
    return f"{any_counted} OR {line_activity}"


# Per row, the sums of its entities' figures (figures: an entity's figures, entity_id
# and the figure columns). A row whose one entity is itself (a unit's own figures, a
# person) takes its entity's figures as they are, in the types the sums would give.
ROW_SUMS = """
    SELECT m.row_id, {sums}
      FROM ({figures}) t JOIN member m ON m.entity_id = t.entity_id
     GROUP BY m.row_id"""
OWN_ROW_FIGURES = """
    SELECT t.entity_id AS row_id, {values}
      FROM ({figures}) t"""


def _row_sums(figures, columns, own_rows):
    """columns: (name, the SQL type of its sum) of the figures."""
    if own_rows:
        return OWN_ROW_FIGURES.format(figures=figures, values=", ".join(
            f"t.{name}::{sum_type} AS {name}" for name, sum_type in columns))
    return ROW_SUMS.format(figures=figures, sums=", ".join(
        f"sum(t.{name})::{sum_type} AS {name}" for name, sum_type in columns))


ADOPTION_COLUMNS = [f"adoptions_{level}" for level in LEVELS] + ["adoptions_total"]
# the counts of a row
COUNTED_COLUMNS = ("items_submitted", "items_toward_minimum", *ADOPTION_COLUMNS)

# Per row, what befell its own unit, or its person, in the period besides points (a
# rollup row's sub-units' outcomes are theirs, not the row's).
ROW_OUTCOME = """
    SELECT CASE WHEN o.subject = 'unit' THEN o.unit_id ELSE o.person_id END AS row_id,
           array_agg(DISTINCT o.outcome ORDER BY o.outcome) AS outcomes
      FROM zugong_score_outcome_v2 o
     WHERE o.company_id = %(company_id)s AND o.period_kind = %(period_kind)s AND o.period_start = %(start)s
       AND o.subject = %(pass_mark_subject)s
     GROUP BY 1"""

# The keys of the answer's rows and totals, in their order.
UNIT_ROW_KEYS = ("unit_id", "code", "name", "path", "kind", "category_id", "category_name")
PERSON_ROW_KEYS = ("person_id", "name", "unit_id", "unit_name", "path", "is_officer")
FIGURE_KEYS = (*COUNTED_COLUMNS, "score", "rank", "tied", "previous_rank", "rank_change", "submissions_required",
               "completion_pct", "below_pass_mark", "below_target", "outcomes")
TOTAL_KEYS = ("row_count", *COUNTED_COLUMNS, "score",
              "submissions_required", "completion_pct", "below_target",
              "rows_below_pass_mark", "rows_below_target")
# The query's first columns are the keys of an answer's row, as the answer has them: the
# counts as integers (the totals' sums of them are numeric: cast back), and the figures
# that are decimals as float8, which reads as the same floats as the decimals did, without
# making decimals of them. The totals' row has the figures of its own in the same columns
# and its counts after the sort keys.
ANSWER_ROW_COLUMNS = {
    "person_id": "row_id",
    **{key: f"{key}::bigint" for key in COUNTED_COLUMNS},
    "score": "round(score, 2)::float8", "submissions_required": "round(required, 2)::float8",
    "completion_pct": "completion_pct::float8",
}
TOTALS_ROW_COLUMNS = {
    **{key: f"{key}::bigint" for key in COUNTED_COLUMNS},
    "score": "round(score, 2)::float8", "submissions_required": "round(required, 2)::float8",
    "completion_pct": f"({COMPLETION_SQL})::float8",
    "below_target": BELOW_TARGET_SQL,
}
# The one figure that may not be a finite number: the score, a sum of points (numeric, of
# which NaN and the infinities are values). The others count rows, or divide such counts.
UNBOUNDED_KEYS = frozenset(("score",))


def _row_keys(subject):
    return (UNIT_ROW_KEYS if subject is Subject.units else PERSON_ROW_KEYS) + FIGURE_KEYS


def _output_columns(subject):
    """The select lists of the rows and of the totals' row, in the order of the row keys."""
    keys = _row_keys(subject)
    rows = ", ".join(f"{ANSWER_ROW_COLUMNS.get(key, key)} AS {key}" for key in keys)
    totals = ", ".join(TOTALS_ROW_COLUMNS.get(key, "NULL") for key in keys)
    return rows, totals


ITEM_COUNTS = ("count(*) FILTER (WHERE submitted_on >= %(start)s) AS items_submitted, "
               "count(*) FILTER (WHERE submitted_on < %(start)s) AS previous_items_submitted, "
               "count(*) FILTER (WHERE submitted_on >= %(start)s AND toward) AS items_toward_minimum, "
               "count(*) FILTER (WHERE submitted_on < %(start)s AND toward) AS previous_items_toward_minimum")
ITEM_COUNT_COLUMNS = ["items_submitted", "previous_items_submitted", "items_toward_minimum",
                      "previous_items_toward_minimum"]


def _adoption_counts():
    """count(*) per level and in all, in the period and in the previous one."""
    counts = []
    for prefix, period in (("", "adopted_on >= %(start)s"), ("previous_", "adopted_on < %(start)s")):
        for level in LEVELS:
            counts.append(f"count(*) FILTER (WHERE {period} AND level = '{level}') AS {prefix}adoptions_{level}")
        counts.append(f"count(*) FILTER (WHERE {period}) AS {prefix}adoptions_total")
    return ",\n           ".join(counts)


def _row_counts(records, record_key, counts, columns):
    return ROW_COUNTS.format(
        records=records, record_key=record_key, counts=counts, columns=", ".join(columns),
        sums=", ".join(f"sum({column})::bigint AS {column}" for column in columns))


# The figures of a total's row ({t}: its alias), named as the raw counts.
TOTAL_FIGURES = (
    ("items_submitted", "{t}.items_submitted"),
    ("items_toward_minimum", "{t}.items_toward_minimum"),
    *((f"adoptions_{level}", f"{{t}}.adoptions_{level}") for level in LEVELS),
    ("adoptions_total", " + ".join(f"{{t}}.adoptions_{level}" for level in LEVELS)),
    ("score", "{t}.points"),
)


def _period_figures(figure):
    """TOTAL_FIGURES in the period and in the previous one (previous_...); figure(expression,
    previous): the SQL of one of them from its expression."""
    return ",\n           ".join(f"{figure(expression, previous)} AS {prefix}{name}"
                                 for prefix, previous in (("", False), ("previous_", True))
                                 for name, expression in TOTAL_FIGURES)


def _year_figures():
    """The figures of ENTITY_YEAR_TOTALS: the year's row (t) and the previous year's (p)."""
    return _period_figures(lambda expression, previous: expression.format(t="p" if previous else "t"))


def _total_aggregates():
    """The monthly totals' sums over the months of the period and of the previous one."""
    current = "t.month >= %(start)s"
    return _period_figures(lambda expression, previous: f"sum({expression.format(t='t')}) FILTER"
                                                        f" (WHERE {f'NOT ({current})' if previous else current})")


TOTAL_COLUMNS = (*ITEM_COUNT_COLUMNS,
                 *(f"{prefix}{column}" for prefix in ("", "previous_") for column in ADOPTION_COLUMNS))


def whole_months(period):
    """Whether the period and its previous one are whole months, which the monthly totals
    hold: every period kind the service serves is."""
    return all(day.day == 1 for day in (period.previous.start, period.start, period.end))


def whole_years(period):
    """Whether the period and its previous one are each a calendar year, which the yearly
    totals hold: a year notice's are."""
    return (all(day.day == 1 and day.month == 1 for day in (period.previous.start, period.start, period.end))
            and period.previous.start.year + 1 == period.start.year == period.end.year - 1)


# Where a notice's figures come from (build_notice_sql's from_totals): the raw rows, the
# monthly totals or the yearly totals.
RAW, MONTHS, YEARS = "raw", "months", "years"


def figures_source(period, from_totals=None):
    """RAW, MONTHS or YEARS for from_totals: None (the default), the yearly totals for a
    period of whole years, else the monthly totals for one of whole months, else the raw
    rows; True the same but never the raw rows; False the raw rows; or MONTHS or YEARS
    themselves."""
    if from_totals in (RAW, MONTHS, YEARS):
        return from_totals
    if from_totals is False:
        return RAW
    if whole_years(period):
        return YEARS
    if from_totals or whole_months(period):
        return MONTHS
    return RAW


def _ranking_order(prefix, tie_breakers):
    return ", ".join(f"{prefix}{name} DESC" for name in ("score", *tie_breakers))


# How the rows are grouped for the ranking (the window's partition) and the groups
# ordered in the answer: the kinds of units in the order of UnitKind; the categories in
# the research office's order of them, the units without a category last.
RANK_GROUPS = {
    RankWithin.all: None,
    RankWithin.kind: ("kind", "array_position(ARRAY[" + ", ".join(f"'{kind.value}'" for kind in UnitKind)
                      + "]::text[], sort_kind::text)"),
    RankWithin.category: ("category_id", "sort_category_sequence NULLS LAST, sort_category_id NULLS LAST"),
}


def build_notice_sql(request, from_totals=None):
    """The notice's query; from_totals: read the yearly totals (the default for a period
    of whole years) or the monthly totals (for a period of whole months), or, False,
    aggregate the raw items, adoptions and score lines (see figures_source)."""
    source = figures_source(request.period, from_totals)
    group = RANK_GROUPS[request.rank_within]
    kind_filter = "AND u.kind = %(kind)s" if request.kind else ""
    if request.subject is Subject.people:
        rows = PEOPLE_ROWS.format(kind_filter=kind_filter)
        records = PERSON_RECORDS
        entities = PERSON_ENTITIES.format(filters=f"AND p.active {kind_filter}")
        entity_column = "person_id"
        line_subject = "person"
    else:
        rows = UNIT_ROWS.format(kind_filter=kind_filter,
                                member=ROLLUP_MEMBER if request.rollup else OWN_FIGURES_MEMBER)
        records = UNIT_RECORDS
        # Rollup rows count the whole subtree, archived units included.
        entities = UNIT_ENTITIES.format(filters="" if request.rollup else f"AND u.active {kind_filter}")
        entity_column = "unit_id"
        line_subject = "unit"
    kept = {"column": entity_column, "line_subject": line_subject,
            "entity_set": SUBTREE_ENTITY_SET.format(entities=entities) if request.rollup else OWN_ENTITY_SET}
    # Only a row covering several units, or a person, can meet a joint item twice.
    split_joint = request.rollup or request.subject is Subject.people
    joint = "i.item_id IN (SELECT item_id FROM joint_item)" if split_joint else "false"
    items, adoptions = (records[name].format(entities=entities, joint=joint)
                        for name in ("items", "adoptions"))
    adoption_columns = [f"{prefix}{column}" for prefix in ("", "previous_") for column in ADOPTION_COLUMNS]
    row_item_count = _row_counts(items, "e.item_id, e.submitted_on, e.toward", ITEM_COUNTS, ITEM_COUNT_COLUMNS)
    row_adoption_count = _row_counts(adoptions, "e.adoption_id, e.level, e.adopted_on",
                                     _adoption_counts(), adoption_columns)
    if source != RAW:
        # Per row, the sums of its entities' totals. A row of one unit, or a person, meets
        # a joint item once in the totals as in the raw rows; a rollup row may meet it
        # through several of its units, so its items and adoptions are counted raw.
        if source == YEARS:
            entity_totals = ENTITY_YEAR_TOTALS.format(**kept, year_figures=_year_figures())
        else:
            entity_totals = ENTITY_TOTALS.format(**kept, total_aggregates=_total_aggregates())
        row_total = "\nrow_total AS ({}),".format(_row_sums(
            entity_totals,
            [(column, "bigint") for column in TOTAL_COLUMNS] + [("score", "numeric"), ("previous_score", "numeric")],
            own_rows=not request.rollup))
        row_score = ("SELECT row_id, score, previous_score, 0 AS line_count, 0 AS previous_line_count"
                     " FROM row_total")
        line_activity, previous_line_activity = (
            ANY_LINE.format(column=entity_column, line_subject=line_subject, start=start, end=end)
            for start, end in (("start", "end"), ("previous_start", "start")))
    else:
        row_total = ""
        row_score = ROW_SCORE.format(entity_scores=ENTITY_SCORES.format(
            column=entity_column, entities=entities, line_subject=line_subject, score_aggregates=SCORE_AGGREGATES))
        line_activity, previous_line_activity = "sum(line_count) OVER () > 0", "sum(previous_line_count) OVER () > 0"
    # Every figure of a row of its own entities' totals comes from row_total.
    merged = source != RAW and not request.rollup
    row_columns, total_columns = _output_columns(request.subject)
    ranking = RANKING_SQL.format(
        output_columns=", ".join((*_row_keys(request.subject), "is_total", "row_count", "rows_below_pass_mark",
                                  "rows_below_target")),
        row_columns=row_columns,
        total_columns=total_columns,
        row_total=row_total,
        row_figures="" if merged else SEPARATE_FIGURES.format(
            row_item_count=row_item_count, row_adoption_count=row_adoption_count, row_score=row_score),
        figure_joins=TOTAL_JOINS if merged else SEPARATE_JOINS,
        line_counts=TOTAL_LINE_COUNTS if merged else SEPARATE_LINE_COUNTS,
        activity=_activity("", line_activity, merged),
        previous_activity=_activity("previous_", previous_line_activity, merged),
        outermost=ROLLUP_OUTERMOST if request.rollup else "true",
        row_quota=_row_sums((ENTITY_REQUIRED_YEARS if source == YEARS else ENTITY_REQUIRED).format(**kept),
                            [("required", "numeric")], own_rows=not request.rollup),
        row_outcome=ROW_OUTCOME,
        completion=COMPLETION_SQL,
        below_target=BELOW_TARGET_SQL,
        adoption_figures=",\n           ".join(
            f"coalesce(ac.{column}, 0) AS {column}" for column in adoption_columns),
        adoption_columns=", ".join(ADOPTION_COLUMNS),
        total_sums=",\n           ".join(
            f"coalesce(sum({column}) FILTER (WHERE outermost), 0) AS {column}"
            for column in (*COUNTED_COLUMNS, "score")),
        order=_ranking_order("", request.tie_breakers),
        previous_order=_ranking_order("previous_", request.tie_breakers),
        group=f"PARTITION BY {group[0]}" if group else "",
        group_order=f"{group[1]}," if group else "",
    )
    ctes = [SUBTREE_CTE, rows] + ([JOINT_ITEM_CTE] if split_joint else []) + [ranking]
    return "WITH " + ",".join(ctes)


def _like_prefix(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def query_notice(cursor, request, from_totals=None):
    """Runs the notice's queries; returns (scope row or None, figure rows). from_totals
    as for build_notice_sql."""
    period = request.period
    params = {
        "scope_unit_id": request.scope_unit_id,
        "year": period.start.year,
        "period_kind": period.kind.value,
        "pass_mark_subject": "unit" if request.subject is Subject.units else "person",
    }
    cursor.execute(SCOPE_SQL, params)
    scope = cursor.fetchone()
    if scope is None:
        return None, []
    columns = [column.name for column in cursor.description]
    scope = dict(zip(columns, scope))
    params.update(
        subtree_pattern=_like_prefix(scope["parent_path"]),
        company_id=scope["company_id"],
        kind=request.kind.value if request.kind else None,
        start=period.start,
        end=period.end,
        previous_start=period.previous.start,
        quarters_due_from=add_months(period.start, 2),
        start_year=period.start.year,
        end_year=period.end.year,
        previous_year=period.previous.start.year,
        pass_mark=scope["pass_mark"],
    )
    cursor.execute(build_notice_sql(request, from_totals), params)
    return scope, NoticeRows([column.name for column in cursor.description], cursor.fetchall())


class NoticeRows(typing.NamedTuple):
    """The rows of the notice's query: its column names, and the rows as tuples (the
    rows of the answer, then the totals' row)."""
    columns: list
    values: list


def _plain(value):
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError(f"a figure that is not a number: {value}")
        return float(value)
    return value


def scope_label(scope):
    """全市 for a root unit named after a city (江州市), the unit's own place name below it
    (临江区 for 临江区委组织部)."""
    name = scope["name"]
    if scope["parent_id"] is None and name[-1:] in "省市州盟县区旗":
        return "全" + name[-1]
    for suffix in ("委组织部", "组织部"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def notice_title(period, scope, subject):
    what = "组工信息工作情况通报" if subject is Subject.units else "组工信息个人积分情况通报"
    return f"{period.label}{scope_label(scope)}{what}"


def _finite(rows, positions):
    """Raises ValueError when a figure at one of the positions is not a finite number (a
    NaN or an infinity of a numeric): a notice never holds one. A column whose sum is
    finite holds none (the sum of finite figures only overflows beyond 1e308)."""
    for position in positions:
        column = [value for row in rows if (value := row[position]) is not None]
        if math.isfinite(sum(column)):
            continue
        for value in column:
            if not math.isfinite(value):
                raise ValueError(f"a figure that is not a number: {value}")


def build_notice(request, scope, rows):
    """The notice as a JSON-ready dict from the rows query_notice returned."""
    keys = _row_keys(request.subject)
    values = rows.values
    totals = None
    if values and values[-1][rows.columns.index("is_total")]:
        totals = dict(zip(rows.columns, values[-1]))
        _finite([totals], [key for key in TOTAL_KEYS if key in UNBOUNDED_KEYS])
        totals = {key: totals[key] for key in TOTAL_KEYS}
        values = values[:-1]
    _finite(values, [position for position, key in enumerate(keys) if key in UNBOUNDED_KEYS])
    # A row's id is the person's for subject people (and the unit's, in unit_id, for
    # units); the query's columns after the row's keys are left out.
    answer_rows = [dict(zip(keys, row)) for row in values]
    return {
        "contract_version": CONTRACT_VERSION,
        "title": notice_title(request.period, scope, request.subject),
        "period": request.period.as_dict(),
        "previous_period": request.period.previous.as_dict(),
        "scope": {"unit_id": scope["unit_id"], "code": scope["code"], "name": scope["name"],
                  "path": scope["path"], "label": scope_label(scope)},
        "subject": request.subject.value,
        "kind": request.kind.value if request.kind else None,
        "rollup": request.rollup,
        "tie_breakers": list(request.tie_breakers),
        "rank_within": request.rank_within.value,
        "pass_mark": _plain(scope["pass_mark"]),
        "rows": answer_rows,
        "totals": totals,
    }
