import base64
import importlib.util
import io
from datetime import date
from decimal import Decimal

import openpyxl
from psycopg2.errors import CheckViolation

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import file_path, mute_logger

from ..tools.money import exact_sum
from .test_zugong_scoring import ScoringCase


@tagged("post_install", "-at_install")
class TestZugongLedger(ScoringCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        RoyaltyRule = cls.env["zugong.royalty.rule"]
        RoyaltyRule.search([("company_id", "=", cls.company.id)]).active = False
        RoyaltyRule.create([
            {"level": "city", "form": "full", "amount": 100},
            {"level": "city", "amount": 40},
            {"level": "province", "amount": 300, "min_words": 0, "max_words": 500},
            {"level": "province", "amount": 500, "min_words": 501},
        ])
        cls.second_author = cls._user("t_second_author", "zugong_info.group_officer", cls.district)

    def _royalties(self, item):
        return self.env["zugong.ledger.entry"].search([("item_id", "=", item.id), ("kind", "=", "royalty")])

    def test_royalties_drafted_on_adoption(self):
        item = self._item_on("2025-03-01")
        item.sudo().author_ids |= self.second_author
        self._adopted(item, self.city, date(2025, 3, 5), "full")
        royalties = self._royalties(item)
        self.assertEqual(royalties.user_id, self.district_officer | self.second_author)
        self.assertEqual(royalties.mapped("amount"), [50.0, 50.0], "split between the joint authors")
        self.assertEqual(set(royalties.mapped("state")), {"draft"})
        brief = self._item_on("2025-03-02")
        self._adopted(brief, self.city, date(2025, 3, 6), "brief")
        self.assertEqual(self._royalties(brief).amount, 40, "the rule of any form")
        long_item = self._item_on("2025-03-03", body="<p>%s</p>" % ("长" * 600))
        self._adopted(long_item, self.province, date(2025, 3, 7))
        self.assertEqual(self._royalties(long_item).amount, 500, "the band of its length")

    def test_royalty_split_adds_up(self):
        """Three joint authors share 100 by the largest remainder: 33.34, 33.33 and 33.33,
        which add up to the rule's amount exactly."""
        item = self._item_on("2025-03-01")
        third_author = self._user("t_third_author", "zugong_info.group_officer", self.district)
        item.sudo().author_ids |= self.second_author | third_author
        self._adopted(item, self.city, date(2025, 3, 5), "full")
        royalties = self._royalties(item)
        self.assertEqual(len(royalties), 3)
        self.assertEqual(sorted(royalties.mapped("amount"), reverse=True), [33.34, 33.33, 33.33])
        self.assertEqual(exact_sum(royalties.mapped("amount")), 100.0)
        self.env.cr.execute("SELECT sum(amount) FROM zugong_ledger_entry WHERE id = ANY(%s)", [royalties.ids])
        self.assertEqual(self.env.cr.fetchone()[0], Decimal("100.00"))

    def _confirmed_entry(self, **values):
        entry = self.env["zugong.ledger.entry"].create({
            "name": "Bonus", "kind": "bonus", "user_id": self.district_officer.id,
            "unit_id": self.district.id, "amount": 200, **values,
        })
        entry.action_confirm()
        return entry

    def test_confirmed_entries_are_immutable(self):
        entry = self._confirmed_entry()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            entry.amount = 300
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            entry.unlink()
        with self.assertRaises(UserError):
            entry.write({"state": "draft"})
        with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation):
            entry._write({"amount": 300})
            entry.flush_recordset()
        with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation):
            self.env.cr.execute("UPDATE zugong_ledger_entry SET amount = 1 WHERE id = %s", [entry.id])
        with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation):
            self.env.cr.execute("DELETE FROM zugong_ledger_entry WHERE id = %s", [entry.id])
        with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation):
            self.env.cr.execute("UPDATE zugong_ledger_entry SET state = 'draft' WHERE id = %s", [entry.id])
        draft = self.env["zugong.ledger.entry"].create(
            {"name": "Draft", "kind": "bonus", "user_id": self.district_officer.id, "amount": 1}
        )
        draft.amount = 2
        draft.unlink()

    def test_reversal_points_to_the_entry(self):
        entry = self._confirmed_entry(points=3)
        action = entry.action_reverse("Wrong person")
        reversal = entry.reversal_ids
        self.assertEqual(action["domain"], [("id", "in", reversal.ids)])
        self.assertEqual(entry.state, "reversed")
        self.assertEqual((reversal.amount, reversal.points, reversal.state), (-200, -3, "confirmed"))
        self.assertEqual(reversal.reversal_of_id, entry)
        self.assertIn("Wrong person", reversal.name)
        with self.assertRaises(UserError):
            entry.action_reverse()

    def test_payment_batch_export_and_payment(self):
        first = self._confirmed_entry(amount=200)
        second = self._confirmed_entry(amount=50.5, kind="royalty")
        other = self._confirmed_entry(amount=80, user_id=self.county_officer.id, unit_id=self.county.id)
        self.env["zugong.ledger.entry"].create({"name": "Draft", "kind": "bonus", "user_id": self.district_officer.id,
                                                "amount": 999})
        batch = self.env["zugong.payment.batch"].with_user(self.finance_user).create({"name": "March"})
        batch.action_load_entries()
        self.assertEqual(batch.entry_ids, first | second | other)
        self.assertEqual(batch.total_amount, 330.5)
        batch.action_export()
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(batch.export_file)))
        summary, detail = workbook.worksheets
        rows = [row for row in summary.iter_rows(min_row=4, values_only=True) if row[0] is not None]
        people = {row[1]: (row[3], row[4]) for row in rows[:-1]}
        self.assertEqual(people[self.district_officer.name], (2, 250.5))
        self.assertEqual(people[self.county_officer.name], (1, 80))
        self.assertEqual(rows[-1][3:], (3, 330.5))
        details = [row for row in detail.iter_rows(min_row=2, values_only=True) if row[0]]
        self.assertEqual(len(details), 4)  # three entries and the total
        self.assertEqual(details[-1][5], 330.5)
        self.assertEqual(round(sum(row[5] for row in details[:-1]), 2), 330.5)

        batch.action_mark_paid()
        self.assertEqual(set((first | second | other).mapped("state")), {"paid"})
        with self.assertRaises(UserError):
            first.amount = 1
        first.action_reverse()
        self.assertEqual(first.state, "reversed")

    def test_officers_see_their_own_entries(self):
        mine = self._confirmed_entry()
        theirs = self._confirmed_entry(user_id=self.county_officer.id, unit_id=self.county.id)
        visible = self.env["zugong.ledger.entry"].with_user(self.district_officer).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            mine.with_user(self.district_officer).write({"note": "x"})

    def test_year_end_awards(self):
        self._ruleset([{"kind": "adoption", "level": "city", "points": 20},
                       {"kind": "adoption", "level": "province", "points": 40},
                       {"kind": "pass_mark", "period_kind": "year", "points": 30}])
        section_officer = self._user("t_section_officer", "zugong_info.group_officer", self.section)
        for unit, author, publications in (
            (self.district, self.district_officer, [self.province, self.city]),
            (self.county, self.county_officer, [self.city]),
            (self.section, section_officer, [self.province]),
        ):
            item = self._item_on("2025-05-01", unit, author)
            for index, publication in enumerate(publications):
                self._adopted(item, publication, date(2025, 5, 10 + index))
            self.env["zugong.quota"].create({"unit_id": unit.id, "year": 2025, "monthly_min_submissions": 0})
        wizard = self.env["zugong.award.wizard"].with_user(self.research_user).create({
            "year": 2025, "unit_count": 2, "person_count": 1, "item_count": 1, "unit_amount": 1000,
            "organization_count": 5, "demerit_points": 5,
        })
        wizard.action_propose()
        proposals = {award: wizard.proposal_ids.filtered(lambda p, award=award: p.award == award)
                     for award in ("advanced_unit", "best_item", "demerit", "organization")}
        self.assertEqual(proposals["advanced_unit"].unit_id, self.district | self.section)
        self.assertEqual(proposals["advanced_unit"].mapped("rank"), [1, 2])
        self.assertEqual(proposals["best_item"].score, 60)
        self.assertEqual(proposals["demerit"].unit_id, self.county, "20 points, below the pass mark of 30")
        self.assertIn(self.county, proposals["organization"].unit_id)
        wizard.proposal_ids.filtered(lambda p: p.award not in ("advanced_unit", "demerit")).selected = False
        action = wizard.action_approve()
        entries = self.env["zugong.ledger.entry"].search(action["domain"])
        self.assertEqual(sorted(entries.mapped("kind")), ["bonus", "bonus", "demerit"])
        self.assertEqual(entries.filtered(lambda e: e.kind == "bonus").mapped("amount"), [1000, 1000])
        self.assertEqual(entries.filtered(lambda e: e.kind == "demerit").points, -5)


@tagged("post_install", "-at_install")
class TestZugongLedgerMigration(ScoringCase):
    """The update to 18.0.1.1.0 on a ledger of the previous version: empty amounts and
    points become 0, past the guard trigger of that version; rows the new rules refuse
    stop the update, named. Run on this database, with the columns and the rows as the
    previous version allowed them (each test is rolled back, DDL included)."""

    def _migrate(self):
        path = file_path("zugong_info/migrations/18.0.1.1.0/pre-ledger.py")
        spec = importlib.util.spec_from_file_location("zugong_info_pre_ledger", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.0.0")

    def _previous_version_rows(self, assignments):
        """Writes ``{entry: SQL assignment}`` past the trigger, the columns nullable."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("ALTER TABLE zugong_ledger_entry ALTER COLUMN points DROP NOT NULL,"
                   " ALTER COLUMN amount DROP NOT NULL")
        cr.execute("ALTER TABLE zugong_ledger_entry DISABLE TRIGGER zugong_ledger_entry_guard")
        for entry, assignment in assignments.items():
            cr.execute(f"UPDATE zugong_ledger_entry SET {assignment} WHERE id = %s", [entry.id])
        # the guard now refuses, as the previous version's did, any change of a confirmed entry
        cr.execute("ALTER TABLE zugong_ledger_entry ENABLE TRIGGER zugong_ledger_entry_guard")
        self.env.invalidate_all()

    def _entry(self, confirm=False):
        entry = self.env["zugong.ledger.entry"].create({
            "name": "Bonus", "kind": "bonus", "user_id": self.district_officer.id, "amount": 10,
        })
        if confirm:
            entry.action_confirm()
        return entry

    def test_empty_amounts_and_points_become_zero(self):
        draft, confirmed = self._entry(), self._entry(confirm=True)
        self._previous_version_rows({draft: "points = NULL", confirmed: "points = NULL"})
        self._migrate()
        self.env.cr.execute("SELECT id, points FROM zugong_ledger_entry WHERE id IN %s ORDER BY id",
                            [(draft.id, confirmed.id)])
        self.assertEqual(self.env.cr.fetchall(), [(draft.id, 0), (confirmed.id, 0)])

    def test_rows_the_new_rules_refuse_stop_the_update(self):
        confirmed = self._entry(confirm=True)
        self._previous_version_rows({confirmed: "state = 'reversed'"})
        with self.assertRaisesRegex(RuntimeError, rf"marked reversed without a reversal entry: {confirmed.id}\b"):
            self._migrate()
