"""A small city department's October and September 2026, with figures small enough to
count by hand (the expected values in the tests are counted from this file).

    1 江州市 (other)
    ├── 2 临江区委组织部 (county)
    │   └── 5 江滨街道 (township)
    │       └── 6 江滨街道直报点 (point)
    ├── 3 青山区委组织部 (county)
    │   └── 8 已撤并镇 (township, archived)
    ├── 4 新港区委组织部 (county)
    ├── 7 市委组织部办公室 (section)
    └── 9 石桥县委组织部 (county)

The units' categories (the research office's order: 一类, then 二类): 一类 the city, 临江区,
青山区, 石桥县 and 江滨街道; 二类 新港区, the office and the archived township; the
direct-report point none.
"""
import datetime

from zugong_stats.sandbox import fill_totals_sql

COMPANY = 1


def day(month, number):
    return datetime.date(2026, month, number)


# category_id: (name, sequence). Their ids go the other way from their order, and their
# names' code points too (二 U+4E8C after 三 U+4E09): sections ordered by either would show.
CATEGORIES = {12: ("一类", 10), 11: ("二类", 20)}

UNITS = [
    # unit_id, parent_id, code, name, kind, active, category_id
    (1, None, "JZ", "江州市", "other", True, 12),
    (2, 1, "LJ", "临江区委组织部", "county", True, 12),
    (3, 1, "QS", "青山区委组织部", "county", True, 12),
    (4, 1, "XG", "新港区委组织部", "county", True, 11),
    (5, 2, "LJ-JB", "江滨街道", "township", True, 12),
    (6, 5, "LJ-JB-P", "江滨街道直报点", "point", True, None),
    (7, 1, "JZ-BGS", "市委组织部办公室", "section", True, 11),
    (8, 3, "QS-CB", "已撤并镇", "township", False, 11),
    (9, 1, "SQ", "石桥县委组织部", "county", True, 12),
]

PEOPLE = [
    # person_id, name, unit_id, is_officer, active
    (101, "张伟", 2, True, True),
    (102, "王芳", 2, False, True),
    (103, "李娜", 5, True, True),
    (104, "刘洋", 3, True, True),
    (105, "陈静", 4, True, True),
    (106, "赵磊", 2, False, False),
    (107, "孙敏", 6, True, True),
]

ITEMS = [
    # item_id, unit_ids (a joint item lists several), state, submitted_on, author_ids
    (201, [2], "submitted", day(10, 8), [101]),
    (202, [2], "received", day(10, 15), [102]),
    (203, [2, 5], "adopted", day(10, 20), [101, 103]),
    (204, [2], "draft", None, [101]),
    (205, [2], "signoff", day(10, 21), [101]),
    (206, [3], "submitted", day(10, 5), [104]),
    (207, [3], "adopted", day(10, 12), [104]),
    (208, [4], "submitted", day(10, 6), [105]),
    (209, [4], "rejected", day(10, 7), [105]),
    (210, [9], "submitted", day(10, 1), []),
    (211, [9], "submitted", day(10, 2), []),
    (212, [9], "submitted", day(10, 3), []),
    (213, [9], "submitted", day(10, 4), []),
    (214, [9], "submitted", day(10, 5), []),
    (215, [5], "submitted", day(10, 9), [103]),
    (216, [6], "submitted", day(10, 10), [107]),
    (217, [7], "submitted", day(10, 31), []),
    (218, [8], "submitted", day(10, 11), []),
    (220, [2], "adopted", day(9, 20), [101]),
    (221, [3], "submitted", day(9, 3), [104]),
    (222, [9], "submitted", day(9, 10), []),
    (225, [7], "submitted", day(11, 1), []),
    (226, [7], "submitted", day(9, 30), []),
]

ADOPTIONS = [
    # adoption_id, item_id, level, adopted_on
    (301, 201, "city", day(10, 10)),
    (302, 201, "province", day(10, 25)),
    (303, 220, "central", day(10, 5)),
    (304, 203, "county", day(10, 22)),
    (305, 207, "central", day(10, 20)),
    (306, 208, "central", day(10, 21)),
    (307, 222, "central", day(9, 15)),
    (308, 206, "other", day(11, 2)),
    (309, 216, "county", day(10, 30)),
]

SCORE_LINES = [
    # subject, unit_id, person_id, line_date, points
    ("unit", 2, 101, day(10, 10), 20),
    ("unit", 2, 102, day(10, 15), 10),
    ("unit", 3, None, day(10, 20), 25),
    ("unit", 4, None, day(10, 21), 25),
    ("unit", 9, None, day(10, 5), 25),
    ("unit", 5, None, day(10, 22), 12),
    ("unit", 6, None, day(10, 30), 3),
    ("unit", 7, None, day(10, 31), 10),
    ("unit", 8, None, day(10, 11), 5),
    ("unit", 6, None, day(11, 1), 100),
    ("unit", 3, None, day(9, 10), 40),
    ("unit", 2, None, day(9, 20), 20),
    ("unit", 7, None, day(9, 30), 15),
    ("unit", 4, None, day(9, 5), 10),
    ("unit", 9, None, day(9, 15), 5),
    ("person", 2, 101, day(10, 10), 8),
    ("person", 2, 102, day(10, 15), 8),
    ("person", 5, 103, day(10, 22), 5),
    ("person", 3, 104, day(10, 20), 2),
    ("person", 4, 105, day(10, 21), 6),
    ("person", 3, 104, day(9, 10), 10),
    ("person", 2, 101, day(9, 20), 3),
]

QUOTAS = [
    # year, unit_id, person_id, monthly_min_submissions, quarterly_min_submissions
    (2026, 2, None, 2, 3),
    (2026, 3, None, 1, 0),
    (2026, 4, None, 4, 0),
    (2026, 5, None, 0, 3),
    (2026, 6, None, 2, 0),
    (2025, 7, None, 1, 0),
    (2026, 2, 101, 2, 0),
]

PASS_MARKS = [
    # year, period_kind, subject, pass_mark
    (2026, "month", "unit", 20),
    (2026, "month", "person", 5),
    (2026, "quarter", "unit", 50),
]


OUTCOMES = [
    # outcome_id, period_kind, period_start, subject, unit_id, person_id, outcome
    (1, "quarter", day(7, 1), "unit", 4, None, "not_up_to_standard"),
    (2, "quarter", day(7, 1), "unit", 4, None, "no_award"),
    (3, "month", day(8, 1), "unit", 3, None, "veto"),
    (4, "quarter", day(7, 1), "person", 4, 105, "no_award"),
]


def _units_by_id():
    units = {}
    for unit_id, parent_id, code, name, kind, active, category_id in UNITS:
        parent = units.get(parent_id)
        units[unit_id] = {
            "parent_id": parent_id, "code": code, "name": name, "kind": kind, "active": active,
            "category_id": category_id,
            "parent_path": (parent["parent_path"] if parent else "") + f"{unit_id}/",
            "path": f"{parent['path']} / {name}" if parent else name,
        }
    return units


def _months(year):
    """The first days of the months of ``year``: the city's quotas hold the whole year, so
    each month requires the monthly minimum and each quarter's last month the quarterly
    one too (as Odoo serves zugong_required_v2)."""
    return [datetime.date(year, month, 1) for month in range(1, 13)]


def load(cursor):
    """Inserts the city into the contract's data tables, the monthly totals last."""
    units = _units_by_id()
    cursor.executemany(
        "INSERT INTO zugong_unit_v2_data VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [(unit_id, COMPANY, unit["parent_id"], unit["parent_path"], unit["code"], unit["name"],
          unit["path"], unit["kind"], unit["category_id"], category_name, unit["active"], category_sequence)
         for unit_id, unit in units.items()
         for category_name, category_sequence in [CATEGORIES.get(unit["category_id"], (None, None))]])
    cursor.executemany(
        "INSERT INTO zugong_person_v2_data VALUES (%s, %s, %s, %s, %s, %s)",
        [(person_id, COMPANY, name, unit_id, is_officer, active)
         for person_id, name, unit_id, is_officer, active in PEOPLE])
    cursor.executemany(
        "INSERT INTO zugong_item_v2_data VALUES (%s, %s, %s, %s, %s, %s, 'dynamic', %s, %s, %s, 800, true)",
        [(item_id, COMPANY, unit_id, 1 / len(unit_ids), f"XX-{item_id}", f"信息{item_id}", state,
          submitted_on, authors)
         for item_id, unit_ids, state, submitted_on, authors in ITEMS for unit_id in unit_ids])
    cursor.executemany(
        "INSERT INTO zugong_adoption_v2_data VALUES (%s, %s, %s, 1, '江州组工信息', %s, 'full', %s)",
        [(adoption_id, COMPANY, item_id, level, adopted_on)
         for adoption_id, item_id, level, adopted_on in ADOPTIONS])
    cursor.executemany(
        "INSERT INTO zugong_score_line_v2_data VALUES (%s, %s, %s, %s, %s, %s, %s, 'adoption', NULL, NULL)",
        [(line_id, COMPANY, subject, unit_id, person_id, line_date, points)
         for line_id, (subject, unit_id, person_id, line_date, points) in enumerate(SCORE_LINES, 1)])
    cursor.executemany(
        "INSERT INTO zugong_quota_v2_data VALUES (%s, %s, %s, %s, %s, %s, %s, 0, 0, 0, 0, 0)",
        [(quota_id, COMPANY, year, unit_id, person_id, monthly, quarterly)
         for quota_id, (year, unit_id, person_id, monthly, quarterly) in enumerate(QUOTAS, 1)])
    cursor.executemany(
        "INSERT INTO zugong_required_v2_data VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        [(COMPANY, year, month, "unit" if person_id is None else "person", unit_id, person_id, monthly,
          quarterly if month.month % 3 == 0 else 0)
         for year, unit_id, person_id, monthly, quarterly in QUOTAS for month in _months(year)])
    cursor.executemany(
        "INSERT INTO zugong_item_state_v2_data VALUES (%s, %s)",
        [(state, state not in ("draft", "signoff"))
         for state in ("draft", "signoff", "submitted", "received", "adopted", "rejected")])
    cursor.executemany(
        "INSERT INTO zugong_pass_mark_v2_data VALUES (%s, %s, %s, %s, %s)",
        [(COMPANY, year, kind, subject, mark) for year, kind, subject, mark in PASS_MARKS])
    cursor.executemany(
        "INSERT INTO zugong_score_outcome_v2_data VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        [(outcome_id, COMPANY, kind, start, subject, unit_id, person_id, outcome)
         for outcome_id, kind, start, subject, unit_id, person_id, outcome in OUTCOMES])
    # The monthly totals, as Odoo's database keeps them in step with the raw rows.
    cursor.execute(fill_totals_sql())


def rows_by_id(notice, key="unit_id"):
    return {row[key]: row for row in notice["rows"]}
