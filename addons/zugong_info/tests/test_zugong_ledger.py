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
        rows = [row for row in summary.iter_rows(min_row=5, values_only=True) if row[0] is not None]
        people = {row[1]: (row[4], row[5], row[6]) for row in rows[:-2]}
        self.assertEqual(people[self.district_officer.name], (2, 250.5, "贰佰伍拾元伍角整"))
        self.assertEqual(people[self.county_officer.name], (1, 80, "捌拾元整"))
        self.assertEqual(rows[-2][4:7], (3, 330.5, "叁佰叁拾元伍角整"))
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

    def _unit_bonus(self, unit, amount, award="先进集体"):
        """A confirmed bonus of ``unit`` itself, for no person."""
        entry = self.env["zugong.ledger.entry"].create({
            "name": f"{award} {unit.name}", "kind": "bonus", "award": award, "unit_id": unit.id, "amount": amount,
        })
        entry.with_user(self.finance_user).action_confirm()
        return entry

    def test_unit_money_is_paid_to_its_payee(self):
        """A unit's own money enters a payment batch, paid to the unit's payee, else to its
        registered officer on the batch's date; a unit with neither stops the picking
        with nothing picked."""
        self._register(self.district, self.district_officer, date(2025, 1, 1))
        to_officer = self._unit_bonus(self.district, 1000)
        payee = self._user("t_county_payee", "zugong_info.group_officer", self.county)
        self.county.payee_id = payee
        to_payee = self._unit_bonus(self.county, 500, award="进步奖")
        nobody = self._unit_bonus(self.section, 300, award="组织奖")
        personal = self._confirmed_entry(amount=200)
        batch = self.env["zugong.payment.batch"].with_user(self.finance_user).create({"name": "Awards"})
        with self.assertRaisesRegex(UserError, "City / Section"):
            batch.action_load_entries()
        self.assertFalse(batch.entry_ids)
        self.section.payee_id = self.county_officer
        batch.action_load_entries()
        self.assertEqual(batch.entry_ids, to_officer | to_payee | nobody | personal)
        self.assertEqual((to_officer.payee_id, to_payee.payee_id, nobody.payee_id, personal.payee_id),
                         (self.district_officer, payee, self.county_officer, self.env["res.users"]))
        self.assertEqual(personal.recipient_id, self.district_officer)
        self.assertEqual(to_officer.recipient_id, self.district_officer)

        # released and picked again: the payee goes and comes with the batch
        batch.action_release_entries()
        self.assertFalse((to_officer | to_payee | nobody).payee_id)
        self.county.payee_id = False
        self._register(self.county, self.county_officer, date(2025, 1, 1))
        batch.action_load_entries()
        self.assertEqual(to_payee.payee_id, self.county_officer, "the officer, once the unit names no payee")

        batch.action_export()
        summary = openpyxl.load_workbook(io.BytesIO(base64.b64decode(batch.export_file))).worksheets[0]
        rows = [row for row in summary.iter_rows(min_row=5, max_col=7, values_only=True) if row[0] is not None]
        self.assertEqual(rows[:-2], [
            (1, self.county_officer.name, "County", "单位款项：奖金", 1, 500, "伍佰元整"),
            (2, self.county_officer.name, "Section", "单位款项：奖金", 1, 300, "叁佰元整"),
            (3, self.district_officer.name, "District", "奖金", 1, 200, "贰佰元整"),
            (4, self.district_officer.name, "District", "单位款项：奖金", 1, 1000, "壹仟元整"),
        ])
        self.assertEqual(rows[-2][4:7], (4, 2000, "贰仟元整"))

        batch.action_mark_paid()
        self.assertEqual(set(batch.entry_ids.mapped("state")), {"paid"})
        self.assertEqual(to_officer.payee_id, self.district_officer, "kept with the payment")
        reversal = self.env["zugong.ledger.entry"].browse(
            to_officer.with_user(self.finance_user).action_reverse()["domain"][0][2])
        self.assertEqual((reversal.user_id, reversal.unit_id, reversal.amount, reversal.payee_id),
                         (self.env["res.users"], self.district, -1000, self.env["res.users"]))
        taken_back = self.env["zugong.payment.batch"].with_user(self.finance_user).create({"name": "Taken back"})
        taken_back.action_load_entries()
        self.assertEqual(taken_back.entry_ids, reversal)
        self.assertEqual(reversal.payee_id, self.district_officer)

    def test_payment_list_opens_in_wps_and_excel(self):
        """Read back as a spreadsheet program reads it: named sheets, set widths, A4
        landscape fitted to the width, header rows repeated, a footer with page numbers,
        totals as numbers on each sheet (no formula), the amounts in capital numerals, the
        employee's bank account as text and a column to sign."""
        bank = self.env["res.bank"].create({"name": "中国工商银行江州分行"})
        employee = self.env["hr.employee"].create({"name": "District officer", "user_id": self.district_officer.id})
        employee.bank_account_id = self.env["res.partner.bank"].create({
            "acc_number": "6222020200112233445", "bank_id": bank.id, "partner_id": employee.work_contact_id.id,
        })
        self._confirmed_entry(amount=1234.56, kind="royalty")
        self._confirmed_entry(amount=0.44, kind="royalty")
        self._confirmed_entry(amount=80, user_id=self.county_officer.id, unit_id=self.county.id)
        batch = self.env["zugong.payment.batch"].with_user(self.finance_user).create({"name": "2025年稿酬发放表"})
        batch.action_load_entries()
        batch.action_export()
        xlsx = base64.b64decode(batch.export_file)
        book = openpyxl.load_workbook(io.BytesIO(xlsx))
        self.assertEqual(book.sheetnames, ["发放清单", "明细"])
        summary, detail = book.worksheets
        for sheet, header_row in ((summary, 4), (detail, 1)):
            with self.subTest(sheet=sheet.title):
                self.assertEqual(int(sheet.page_setup.paperSize), 9)  # A4
                self.assertEqual(sheet.page_setup.orientation, "landscape")
                self.assertTrue(sheet.sheet_properties.pageSetUpPr.fitToPage)
                # one page wide (the attribute's default, 1, when absent), as many pages high as it takes
                self.assertEqual((int(sheet.page_setup.fitToWidth or 1), int(sheet.page_setup.fitToHeight)), (1, 0))
                self.assertEqual(sheet.print_title_rows, f"${header_row}:${header_row}")
                self.assertIn("&P", sheet.oddFooter.center.text)
                self.assertEqual(sheet.freeze_panes, f"A{header_row + 1}")
                for row in sheet.iter_rows():
                    for cell in row:
                        self.assertNotEqual(cell.data_type, "f", cell.coordinate)
        self.assertEqual(summary["A1"].value, "2025年稿酬发放表")
        self.assertEqual([summary.cell(4, column).value for column in range(1, 11)],
                         ["序号", "领款人", "单位", "款项", "笔数", "金额（元）", "大写金额", "开户银行", "银行账号", "领款人签字"])
        self.assertEqual({letter: round(summary.column_dimensions[letter].width, 2) for letter in "BCGIJ"},
                         {"B": 12.71, "C": 28.71, "G": 36.71, "I": 24.71, "J": 14.71})
        rows = [[cell.value for cell in row] for row in summary.iter_rows(min_row=5, max_col=10)]
        officer = next(row for row in rows if row[1] == self.district_officer.name)
        self.assertEqual(officer[2:10], ["District", "稿酬", 2, 1235, "壹仟贰佰叁拾伍元整", "中国工商银行江州分行",
                                         "6222020200112233445", None])
        account = next(cell for row in summary.iter_rows() for cell in row if cell.value == "6222020200112233445")
        self.assertEqual(account.data_type, "s", "an account number is text, never a rounded number")
        county = next(row for row in rows if row[1] == self.county_officer.name)
        self.assertEqual(county[6:9], ["捌拾元整", None, None], "no bank account recorded: left blank")
        total = next(row for row in rows if row[0] == "合计")
        self.assertEqual(total[4:7], [3, 1315, "壹仟叁佰壹拾伍元整"])
        details = [[cell.value for cell in row] for row in detail.iter_rows(min_row=2)]
        self.assertEqual(details[-1][0], "合计")
        self.assertEqual(details[-1][5], 1315)
        self.assertEqual(exact_sum(row[5] for row in details[:-1]), 1315)

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
