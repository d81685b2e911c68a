import uuid
from datetime import date, timedelta

import psycopg2.errors

from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.zugong_info.report.zugong_reporting_contract import contract_relations, load_contract, qualified
from odoo.addons.zugong_info.tools.views import replace_view

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongReportingContract(ZugongCase):
    """The views of the reporting contract are exactly those of the contract file, read
    Odoo's records as the file describes, and the read-only role can read them and
    nothing else."""

    def _rows(self, view, where, order):
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT * FROM %s WHERE %s ORDER BY %s", qualified(load_contract(), view),
                                where, order))
        columns = [column.name for column in self.env.cr.description]
        return [dict(zip(columns, row)) for row in self.env.cr.fetchall()]

    def test_views_match_the_contract_file(self):
        contract = load_contract()
        self.env.cr.execute("""
            SELECT c.relname, c.relkind, a.attname, format_type(a.atttypid, NULL)
              FROM pg_class c
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE c.relnamespace = %s::regnamespace AND c.relname = ANY(%s)
             ORDER BY c.relname, a.attnum
        """, [contract["schema"], contract_relations(contract)])
        found, kinds = {}, {}
        for view, kind, column, type_name in self.env.cr.fetchall():
            kinds[view] = kind
            found.setdefault(view, []).append([column, type_name])
        self.assertEqual(set(found), set(contract_relations(contract)))
        for view, spec in contract["views"].items():
            with self.subTest(view=view):
                self.assertEqual(kinds[view], "v")
                self.assertEqual(found[view], spec["columns"])
        self.assertEqual(found[contract["version_view"]], [["version", "text"]])
        self.env.cr.execute(SQL("SELECT version FROM %s", qualified(contract, contract["version_view"])))
        self.assertEqual(self.env.cr.fetchall(), [(contract["version"],)])
        self.env.cr.execute("""
            SELECT c.relname FROM pg_class c
             WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY(%s)
        """, [contract_relations(contract)])
        self.assertEqual(self.env.cr.fetchall(), [], "no view of the contract is left in schema public")
        self.env.cr.execute("SELECT pg_get_userbyid(nspowner) = current_user FROM pg_namespace WHERE nspname = %s",
                            [contract["schema"]])
        self.assertEqual(self.env.cr.fetchall(), [(True,)], "the contract's schema is Odoo's user's")

    def test_views_read_the_records(self):
        today = date.today()
        self._register(self.district, self.district_officer, today - timedelta(days=30))
        self._register(self.county, self.county_officer, today - timedelta(days=60), today - timedelta(days=1),
                       state="ended")
        self.category.write({"name": "Category A", "sequence": 7})
        self.section.active = False
        publication = self.env["zugong.publication"].create({"name": "Province Bulletin", "level": "province"})
        joint = self.env["zugong.item"].create({
            "name": "Joint item", "body": "<p>两个单位联合报送的信息。</p>",
            "author_ids": [(6, 0, [self.county_officer.id, self.district_officer.id])],
            "unit_line_ids": [(0, 0, {"unit_id": self.district.id, "share": 60}),
                              (0, 0, {"unit_id": self.county.id, "share": 40})],
            "state": "received", "submitted_date": date(2026, 3, 2),
        })
        draft = self._item(unit=self.point, author=self.point_officer)
        adoption = self._adopted(joint, publication, date(2026, 3, 20), form="brief")
        ruleset = self._ruleset([
            {"kind": "pass_mark", "period_kind": "month", "applies_to": "both", "points": 10},
            {"kind": "pass_mark", "period_kind": "quarter", "applies_to": "unit", "points": 30},
        ], year=2026)
        self._ruleset([{"kind": "pass_mark", "period_kind": "year", "points": 99}], year=2027).state = "draft"
        line = self.env["zugong.score.line"].create({
            "company_id": self.company.id, "subject": "person", "unit_id": self.district.id,
            "person_id": self.district_officer.id, "date": date(2026, 3, 21), "points": 12.5,
            "ruleset_id": ruleset.id, "kind": "adoption", "explanation": "test",
            "source_model": "zugong.adoption", "source_id": adoption.id,
        })
        quota = self.env["zugong.quota"].create({"unit_id": self.district.id, "year": 2026, "score_target": 100})
        quota.action_split_evenly()

        units = self._rows("zugong_unit_v2", SQL("unit_id IN %s", (self.district.id, self.section.id)),
                           SQL("unit_id"))
        self.assertEqual(units[0], {
            "unit_id": self.district.id, "company_id": self.company.id, "parent_id": self.city.id,
            "parent_path": f"{self.city.id}/{self.district.id}/", "code": "T-D1", "name": "District",
            "path": "City / District", "kind": "county", "category_id": self.category.id,
            "category_name": "Category A", "active": True, "category_sequence": 7,
        })
        self.assertEqual((units[1]["category_id"], units[1]["category_sequence"]), (None, None),
                         "a unit without a category")
        self.assertFalse(units[1]["active"], "archived units stay, marked")

        people = self._rows("zugong_person_v2", SQL("unit_id IN %s", tuple((self.district | self.county).ids)),
                            SQL("person_id"))
        self.assertEqual(
            [(row["person_id"], row["unit_id"], row["is_officer"]) for row in people],
            sorted([(self.district_head.id, self.district.id, False),
                    (self.district_officer.id, self.district.id, True),
                    (self.county_officer.id, self.county.id, False)]),
        )
        self.assertEqual(people[0]["name"], self.district_head.name)

        items = self._rows("zugong_item_v2", SQL("item_id IN %s", (joint.id, draft.id)), SQL("item_id, unit_id"))
        self.assertEqual(
            [(row["item_id"], row["unit_id"], float(row["unit_share"]), row["submitted_on"], row["state"])
             for row in items],
            sorted([(joint.id, self.district.id, 0.6, date(2026, 3, 2), "adopted"),
                    (joint.id, self.county.id, 0.4, date(2026, 3, 2), "adopted"),
                    (draft.id, self.point.id, 1.0, None, "draft")]),
        )
        self.assertEqual(items[0]["author_ids"], sorted([self.county_officer.id, self.district_officer.id]))
        self.assertEqual(items[0]["type_code"], "dynamic")
        self.assertEqual(items[0]["reference"], joint.reference)

        [adopted] = self._rows("zugong_adoption_v2", SQL("adoption_id = %s", adoption.id), SQL("adoption_id"))
        self.assertEqual(adopted, {
            "adoption_id": adoption.id, "company_id": self.company.id, "item_id": joint.id,
            "publication_id": publication.id, "publication_name": "Province Bulletin", "level": "province",
            "form": "brief", "adopted_on": date(2026, 3, 20),
        })

        [score] = self._rows("zugong_score_line_v2", SQL("line_id = %s", line.id), SQL("line_id"))
        self.assertEqual(score, {
            "line_id": line.id, "company_id": self.company.id, "subject": "person", "unit_id": self.district.id,
            "person_id": self.district_officer.id, "line_date": date(2026, 3, 21), "points": 12.5,
            "rule_kind": "adoption", "source_model": "zugong.adoption", "source_id": adoption.id,
        })

        quotas = self._rows("zugong_quota_v2", SQL("quota_id = %s", quota.id), SQL("person_id NULLS FIRST"))
        self.assertEqual([(row["person_id"], row["monthly_min_submissions"], float(row["score_target"]))
                          for row in quotas],
                         [(None, 4, 100.0)] + [(line.user_id.id, line.monthly_min_submissions, line.score_target)
                                               for line in quota.line_ids.sorted(lambda line: line.user_id.id)])
        self.assertEqual(len(quotas), 3, "the unit's quota and its two people's shares")

        # The monthly totals of March: the joint item and its adoption count once for
        # each of its units and authors; the points are those of each subject's lines.
        totals = self._rows("zugong_month_total_v2", SQL(
            "month = %s AND (unit_id IN %s OR person_id IN %s)", date(2026, 3, 1),
            (self.district.id, self.county.id), (self.district_officer.id, self.county_officer.id)),
            SQL("subject, unit_id, person_id"))
        self.assertEqual(len(totals), 4)
        for row in totals:
            with self.subTest(subject=row["subject"], unit_id=row["unit_id"], person_id=row["person_id"]):
                column = "unit_id" if row["subject"] == "unit" else "person_id"
                self.assertIsNone(row["person_id" if column == "unit_id" else "unit_id"])
                self.assertEqual(
                    (row["company_id"], row["items_submitted"], row["adoptions_province"], row["adoptions_county"],
                     row["adoptions_city"], row["adoptions_central"], row["adoptions_other"]),
                    (self.company.id, 1, 1, 0, 0, 0, 0))
                lines = self.env["zugong.score.line"].search([
                    ("subject", "=", row["subject"]), (column, "=", row[column]),
                    ("date", ">=", date(2026, 3, 1)), ("date", "<", date(2026, 4, 1))])
                self.assertAlmostEqual(float(row["points"]), sum(lines.mapped("points")))
        self.assertEqual(
            {(row["subject"], row["unit_id"] or row["person_id"]) for row in totals},
            {("unit", self.district.id), ("unit", self.county.id), ("person", self.district_officer.id),
             ("person", self.county_officer.id)})

        # The yearly totals of 2026: each subject's months of the year added up.
        years = self._rows("zugong_year_total_v2", SQL(
            "year = 2026 AND (unit_id IN %s OR person_id IN %s)",
            (self.district.id, self.county.id), (self.district_officer.id, self.county_officer.id)),
            SQL("subject, unit_id, person_id"))
        months = self._rows("zugong_month_total_v2", SQL(
            "month >= '2026-01-01' AND month < '2027-01-01' AND (unit_id IN %s OR person_id IN %s)",
            (self.district.id, self.county.id), (self.district_officer.id, self.county_officer.id)),
            SQL("subject, unit_id, person_id, month"))
        figures = ("items_submitted", "adoptions_county", "adoptions_city", "adoptions_province",
                   "adoptions_central", "adoptions_other", "points")
        summed = {}
        for row in months:
            key = (row["company_id"], row["subject"], row["unit_id"], row["person_id"], 2026)
            summed[key] = [total + row[name] for total, name in zip(summed.get(key, [0] * len(figures)), figures)]
        self.assertEqual({(row["company_id"], row["subject"], row["unit_id"], row["person_id"], row["year"]):
                          [row[name] for name in figures] for row in years}, summed)
        self.assertEqual(len(years), 4)

        # The submissions required per year: the year's months of zugong_required_v2 added up.
        required_months = self._rows("zugong_required_v2", SQL("company_id = %s", self.company.id),
                                     SQL("year, subject, unit_id, person_id, month"))
        required_sums = {}
        for row in required_months:
            key = (row["year"], row["subject"], row["unit_id"], row["person_id"])
            required_sums[key] = required_sums.get(key, 0) + row["monthly_min"] + row["quarterly_min"]
        required_years = self._rows("zugong_required_year_v2", SQL("company_id = %s", self.company.id),
                                    SQL("year, subject, unit_id, person_id"))
        self.assertEqual({(row["year"], row["subject"], row["unit_id"], row["person_id"]): row["required"]
                          for row in required_years}, required_sums)
        self.assertIn((2026, "unit", self.district.id, None), required_sums)
        self.assertTrue(any(key[:2] == (2026, "person") for key in required_sums), "the shares' people too")

        marks = self._rows("zugong_pass_mark_v2", SQL("company_id = %s AND year IN (2026, 2027)", self.company.id),
                           SQL("year, period_kind, subject"))
        self.assertEqual(
            [(row["year"], row["period_kind"], row["subject"], float(row["pass_mark"])) for row in marks],
            [(2026, "month", "person", 10.0), (2026, "month", "unit", 10.0), (2026, "quarter", "unit", 30.0)],
            "rule sets in force only; a rule for both gives a row for each",
        )

    def _readonly_role(self):
        """A new read-only role of the contract, created in the test's transaction by the
        statements the settings show."""
        self.env.cr.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        if not self.env.cr.fetchone()[0]:
            self.skipTest("the database user may not create roles")
        role = f"zugong_stats_{uuid.uuid4().hex[:8]}"
        self.env.flush_all()
        for statement in self.env["zugong.reporting.contract"]._readonly_role_sql(role):
            self.env.cr.execute(statement)
        return role

    def _assert_role_reads_the_views_only(self, role):
        cr = self.env.cr
        cr.execute("SAVEPOINT readonly_role")
        try:
            cr.execute(SQL("SET LOCAL ROLE %s", SQL.identifier(role)))
            for relation in contract_relations(load_contract()):
                with self.subTest(relation=relation), cr.savepoint(flush=False):
                    cr.execute(SQL("SELECT count(*) FROM %s", qualified(load_contract(), relation)))
            with self.assertRaises(psycopg2.errors.InsufficientPrivilege), mute_logger("odoo.sql_db"):
                cr.execute("SELECT count(*) FROM zugong_unit")
        finally:
            cr.execute("ROLLBACK TO SAVEPOINT readonly_role")

    def test_the_readonly_role_reads_the_views_only(self):
        self._assert_role_reads_the_views_only(self._readonly_role())

    def test_a_module_update_keeps_the_readonly_role_grants(self):
        """Updating the addon runs every model's init again: the views the contract's
        views read (the required submissions) are replaced in place, so the contract's
        views, and the grants made on them, stay."""
        role = self._readonly_role()
        for model in ("zugong.required.month", "zugong.quota.progress", "zugong.reporting.contract"):
            self.env[model].init()
        self._assert_role_reads_the_views_only(role)

    def test_a_view_whose_columns_change_is_created_anew(self):
        name = SQL.identifier("zugong_test_replaced_view")
        replace_view(self.env.cr, name, SQL("SELECT 1 AS figure"))
        replace_view(self.env.cr, name, SQL("SELECT 2 AS figure"))
        self.env.cr.execute("SELECT * FROM zugong_test_replaced_view")
        self.assertEqual(self.env.cr.fetchall(), [(2,)], "the same columns: replaced in place")
        with self.assertLogs("odoo.addons.zugong_info.tools.views", "WARNING"):
            replace_view(self.env.cr, name, SQL("SELECT 'x'::text AS label"))
        self.env.cr.execute("SELECT * FROM zugong_test_replaced_view")
        self.assertEqual(self.env.cr.fetchall(), [("x",)])

    def test_settings_show_the_readonly_role_sql(self):
        settings = self.env["res.config.settings"].create({"zugong_stats_role": "stats_reader"})
        contract = load_contract()
        relations = ", ".join(f'"{contract["schema"]}"."{name}"' for name in contract_relations(contract))
        self.assertIn(f'GRANT SELECT ON {relations} TO "stats_reader";', settings.zugong_stats_role_sql)
        self.assertIn(f'GRANT CONNECT ON DATABASE "{self.env.cr.dbname}" TO "stats_reader";',
                      settings.zugong_stats_role_sql)
        settings.zugong_stats_role = "reader'; DROP TABLE zugong_unit; --"
        self.assertNotIn("GRANT", settings.zugong_stats_role_sql)
        self.assertIn("not a usable role name", settings.zugong_stats_role_sql)
