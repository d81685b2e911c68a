"""Attacks on the reward and penalty ledger, its payment batches and royalty rules, as
finance, the research office, officers and portal officers over JSON-RPC, and by SQL
through the database: each refused, with nothing changed."""
import base64
import io
import time

import openpyxl
from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import FORMULAS, AttackCase, ZugongCase, assert_text_cells


@tagged("post_install", "-at_install")
class LedgerAttackCase(AttackCase, ZugongCase):
    """A draft, a confirmed and a paid entry (in a paid batch), a draft batch, confirmed
    by finance as the product does it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entry = cls.env["zugong.ledger.entry"]
        cls.Batch = cls.env["zugong.payment.batch"]
        cls.draft = cls._entry("Draft bonus", 100)
        cls.confirmed = cls._entry("Confirmed bonus", 200, confirm=True)
        cls.paid = cls._entry("Paid royalty", 300, kind="royalty", confirm=True)
        cls.paid_batch = cls.Batch.with_user(cls.finance_user).create(
            {"name": "Paid list", "kind": "royalty", "unit_id": cls.district.id}
        )
        cls.paid_batch.action_load_entries()
        cls.paid_batch.action_mark_paid()
        cls.draft_batch = cls.Batch.with_user(cls.finance_user).create({"name": "Next list"})
        cls.demerit = cls._entry("Demerit", 0, kind="demerit", points=-2)

    @classmethod
    def _entry(cls, name, amount, kind="bonus", confirm=False, user=None, unit=None, **values):
        entry = cls.env["zugong.ledger.entry"].create({
            "name": name, "kind": kind, "amount": amount,
            "user_id": (user or cls.district_officer).id, "unit_id": (unit or cls.district).id, **values,
        })
        if confirm:
            entry.with_user(cls.finance_user).action_confirm()
        return entry

    def _rows(self, *recordsets):
        """The records' rows as the database holds them."""
        self.env.flush_all()
        rows = []
        for records in recordsets:
            self.env.cr.execute(f"SELECT to_jsonb(t) FROM {records._table} t WHERE id = ANY(%s) ORDER BY id",
                                [records.ids])
            rows += [row[0] for row in self.env.cr.fetchall()]
        return rows

    def _count(self, model):
        self.env.flush_all()
        return self.env[model].sudo().with_context(active_test=False).search_count([])

    def assertSqlRefused(self, query, params=(), error=errors.CheckViolation):
        with mute_logger("odoo.sql_db"), self.assertRaises(error):
            with self.env.cr.savepoint():
                self.env.cr.execute(query, params)
        self.env.invalidate_all()


@tagged("post_install", "-at_install")
class TestSecurityLedgerFrozen(LedgerAttackCase):
    """Finding 7: confirmed and paid entries, and paid batches, do not change."""

    def test_paid_entry_keeps_its_payment_over_rpc(self):
        before = self._rows(self.paid, self.paid_batch)
        attempts = [
            {"paid_on": "2020-01-01"}, {"batch_id": False}, {"batch_id": self.draft_batch.id},
            {"state": "confirmed"}, {"state": "reversed"}, {"amount": 1}, {"note": "changed"},
        ]
        for user in (self.finance_user, self.research_user):
            for values in attempts:
                with self.subTest(user=user.login, values=values):
                    self.assertRpcRefused(user, "zugong.ledger.entry", "write", [self.paid.id], values)
        self.assertEqual(self._rows(self.paid, self.paid_batch), before)

    def test_paid_entry_keeps_its_payment_by_sql(self):
        before = self._rows(self.paid, self.paid_batch)
        for assignment, params in [
            ("paid_on = '2020-01-01'", []), ("batch_id = NULL", []), ("batch_id = %s", [self.draft_batch.id]),
            ("state = 'confirmed', paid_on = NULL", []), ("state = 'reversed'", []), ("amount = 1", []),
        ]:
            with self.subTest(assignment=assignment):
                self.assertSqlRefused(f"UPDATE zugong_ledger_entry SET {assignment} WHERE id = %s",
                                      params + [self.paid.id])
        with self.assertDatabaseRefuses("zugong_ledger_entry_frozen", "锁定"), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE zugong_ledger_entry SET paid_on = '2020-01-01' WHERE id = %s",
                                [self.paid.id])
        self.assertEqual(self._rows(self.paid, self.paid_batch), before)

    def test_confirmed_entry_is_not_marked_reversed_without_a_reversal(self):
        before = self._rows(self.confirmed)
        for user in (self.finance_user, self.research_user):
            self.assertRpcRefused(user, "zugong.ledger.entry", "write", [self.confirmed.id], {"state": "reversed"})
        with self.assertDatabaseRefuses("zugong_ledger_entry_reversal", "冲销"), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE zugong_ledger_entry SET state = 'reversed' WHERE id = %s",
                                [self.confirmed.id])
        self.assertEqual(self._rows(self.confirmed), before)
        self.assertFalse(self.confirmed.reversal_ids)

    def test_confirmed_entry_does_not_go_back_nor_change(self):
        before = self._rows(self.confirmed | self.draft)
        for values in ({"state": "draft"}, {"amount": 1}, {"confirmed_on": "2020-01-01 00:00:00"},
                       {"confirmed_by_id": self.research_user.id}, {"user_id": self.county_officer.id}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "write", [self.confirmed.id], values)
        self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "unlink", [self.confirmed.id])
        for query in ("UPDATE zugong_ledger_entry SET state = 'draft', confirmed_on = NULL, confirmed_by_id = NULL"
                      " WHERE id = %s",
                      "UPDATE zugong_ledger_entry SET name = 'x' WHERE id = %s",
                      "UPDATE zugong_ledger_entry SET state = 'paid', paid_on = now(), batch_id = "
                      f"{self.paid_batch.id} WHERE id = %s",
                      "DELETE FROM zugong_ledger_entry WHERE id = %s"):
            with self.subTest(query=query):
                self.assertSqlRefused(query, [self.confirmed.id])
        # a draft goes to paid or reversed only through confirmation
        for assignment in ("state = 'paid', confirmed_on = now(), confirmed_by_id = 1, paid_on = now(), "
                           f"batch_id = {self.draft_batch.id}",
                           "state = 'reversed', confirmed_on = now(), confirmed_by_id = 1",
                           "confirmed_on = now()"):
            with self.subTest(assignment=assignment):
                self.assertSqlRefused(f"UPDATE zugong_ledger_entry SET {assignment} WHERE id = %s", [self.draft.id])
        self.assertEqual(self._rows(self.confirmed | self.draft), before)

    def test_paid_batch_stays_paid(self):
        before = self._rows(self.paid, self.paid_batch)
        for method, args in [
            ("write", [{"state": "draft"}]), ("write", [{"name": "Renamed"}]), ("write", [{"date": "2020-01-01"}]),
            ("write", [{"export_file": base64.b64encode(b"forged").decode()}]),
            ("action_release_entries", []), ("unlink", []),
        ]:
            with self.subTest(method=method, args=args):
                self.assertRpcRefused(self.finance_user, "zugong.payment.batch", method, [self.paid_batch.id], *args)
        for query in ("UPDATE zugong_payment_batch SET state = 'draft' WHERE id = %s",
                      "UPDATE zugong_payment_batch SET name = 'x' WHERE id = %s",
                      "UPDATE zugong_payment_batch SET date = '2020-01-01' WHERE id = %s",
                      "DELETE FROM zugong_payment_batch WHERE id = %s"):
            with self.subTest(query=query):
                self.assertSqlRefused(query, [self.paid_batch.id])
        self.assertSqlRefused("UPDATE zugong_ledger_entry SET batch_id = NULL WHERE batch_id = %s", [self.paid_batch.id])
        with self.assertDatabaseRefuses("zugong_payment_batch_paid_frozen", "锁定"), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE zugong_payment_batch SET state = 'draft' WHERE id = %s", [self.paid_batch.id])
        self.assertEqual(self._rows(self.paid, self.paid_batch), before)
        self.assertEqual(self.paid_batch.entry_ids, self.paid)

    def test_entries_are_recorded_as_drafts(self):
        count = self._count("zugong.ledger.entry")
        base = {"name": "Born settled", "kind": "bonus", "amount": 50, "user_id": self.district_officer.id}
        for values in ({"state": "paid"}, {"state": "confirmed"}, {"state": "reversed"},
                       {"confirmed_on": "2026-01-01 00:00:00", "confirmed_by_id": self.finance_user.id},
                       {"paid_on": "2026-01-01"}, {"batch_id": self.draft_batch.id},
                       {"state": "paid", "paid_on": "2026-01-01", "batch_id": self.paid_batch.id}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "create", {**base, **values})
        # a default in the context is no way around it
        entry_id = self.rpc(self.research_user, "zugong.ledger.entry", "create", base,
                            context={"default_state": "paid", "default_paid_on": "2026-01-01",
                                     "default_batch_id": self.draft_batch.id})
        entry = self.Entry.browse(entry_id)
        self.assertEqual((entry.state, entry.paid_on, entry.batch_id), ("draft", False, self.Batch))
        entry.unlink()
        columns = "name, kind, amount, points, user_id, company_id, currency_id, date"
        values = (f"'Born settled', 'bonus', 50, 0, {self.district_officer.id}, {self.company.id}, "
                  f"{self.company.currency_id.id}, '2026-01-01'")
        for extra_columns, extra_values in [
            ("state, confirmed_on, confirmed_by_id", "'confirmed', now(), 1"),
            ("state, confirmed_on, confirmed_by_id, paid_on, batch_id",
             f"'paid', now(), 1, '2026-01-01', {self.paid_batch.id}"),
            ("state, confirmed_on, confirmed_by_id", "'reversed', now(), 1"),
            ("state, batch_id", f"'draft', {self.draft_batch.id}"),
        ]:
            with self.subTest(columns=extra_columns):
                self.assertSqlRefused(f"INSERT INTO zugong_ledger_entry ({columns}, {extra_columns}) "
                                      f"VALUES ({values}, {extra_values})")
        with self.assertDatabaseRefuses("zugong_ledger_entry_frozen", "草稿"), self.env.cr.savepoint():
            self.env.cr.execute(f"INSERT INTO zugong_ledger_entry ({columns}, state, confirmed_on, confirmed_by_id) "
                                f"VALUES ({values}, 'confirmed', now(), 1)")
        self.assertEqual(self._count("zugong.ledger.entry"), count)

    def test_one_reversal_per_entry(self):
        reversal_values = {
            "name": "Second reversal", "kind": "bonus", "amount": -200, "user_id": self.district_officer.id,
            "unit_id": self.district.id, "reversal_of_id": self.confirmed.id,
        }
        for user in (self.finance_user, self.research_user):
            self.assertRpcRefused(user, "zugong.ledger.entry", "create", reversal_values)
        self.rpc(self.finance_user, "zugong.ledger.entry", "action_reverse", [self.confirmed.id])
        reversal = self.confirmed.reversal_ids
        self.assertEqual((self.confirmed.state, reversal.state, reversal.amount), ("reversed", "confirmed", -200))
        before = self._rows(self.confirmed | reversal | self.paid)
        count = self._count("zugong.ledger.entry")
        self.assertRpcRefused(self.finance_user, "zugong.ledger.entry", "action_reverse", [self.confirmed.id])
        self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "create", reversal_values)
        # a reversal is not reversed in turn
        self.assertRpcRefused(self.finance_user, "zugong.ledger.entry", "action_reverse", reversal.ids)

        def insert_reversal(of, amount, points=0, kind="bonus"):
            self.env.cr.execute(
                "INSERT INTO zugong_ledger_entry (name, kind, amount, points, user_id, unit_id, company_id,"
                " currency_id, date, state, confirmed_on, confirmed_by_id, reversal_of_id)"
                " VALUES ('Forged reversal', %s, %s, %s, %s, %s, %s, %s, '2026-01-01', 'confirmed', now(), 1, %s)",
                [kind, amount, points, self.district_officer.id, self.district.id, self.company.id,
                 self.company.currency_id.id, of.id])

        for of, amount, kind in [(self.confirmed, -200, "bonus"), (reversal, 200, "bonus"), (self.draft, -100, "bonus"),
                                 (self.paid, 300, "royalty"), (self.paid, -300, "bonus"), (self.paid, -30, "royalty")]:
            with self.subTest(of=of.name, amount=amount, kind=kind):
                with mute_logger("odoo.sql_db"), self.assertRaises(errors.CheckViolation), self.env.cr.savepoint():
                    insert_reversal(of, amount, kind=kind)
        # two reversals of the paid entry at once: the second one is refused
        with mute_logger("odoo.sql_db"), self.assertRaises(errors.UniqueViolation), self.env.cr.savepoint():
            insert_reversal(self.paid, -300, kind="royalty")
            insert_reversal(self.paid, -300, kind="royalty")
        self.assertEqual(self._rows(self.confirmed | reversal | self.paid), before)
        self.assertEqual(self._count("zugong.ledger.entry"), count)

    def test_only_finance_confirms_money_and_only_the_research_office_points(self):
        before = self._rows(self.draft | self.demerit | self.confirmed)
        for user in (self.research_user, self.district_officer, self.point_officer, self.district_head, self.hr_user):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, "zugong.ledger.entry", "action_confirm", [self.draft.id])
                self.assertRpcRefused(user, "zugong.ledger.entry", "action_reverse", [self.confirmed.id])
        for user in (self.finance_user, self.district_officer, self.point_officer):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, "zugong.ledger.entry", "action_confirm", [self.demerit.id])
        self.assertEqual(self._rows(self.draft | self.demerit | self.confirmed), before)
        self.rpc(self.finance_user, "zugong.ledger.entry", "action_confirm", [self.draft.id])
        self.rpc(self.research_user, "zugong.ledger.entry", "action_confirm", [self.demerit.id])
        self.assertEqual((self.draft.state, self.draft.confirmed_by_id), ("confirmed", self.finance_user))
        self.assertEqual((self.demerit.state, self.demerit.confirmed_by_id), ("confirmed", self.research_user))

    def test_finance_records_no_entry(self):
        before = self._rows(self.draft)
        count = self._count("zugong.ledger.entry")
        self.assertRpcRefused(self.finance_user, "zugong.ledger.entry", "create", {
            "name": "By finance", "kind": "bonus", "amount": 10, "user_id": self.district_officer.id,
        }, error="AccessError")
        self.assertRpcRefused(self.finance_user, "zugong.ledger.entry", "write", [self.draft.id], {"amount": 1},
                              error="AccessError")
        self.assertRpcRefused(self.finance_user, "zugong.ledger.entry", "unlink", [self.draft.id],
                              error="AccessError")
        for user in (self.district_officer, self.point_officer):
            self.assertRpcRefused(user, "zugong.ledger.entry", "create", {
                "name": "Own bonus", "kind": "bonus", "amount": 10, "user_id": user.id,
            }, error="AccessError")
        self.assertEqual(self._rows(self.draft), before)
        self.assertEqual(self._count("zugong.ledger.entry"), count)

    def test_entries_join_and_leave_only_draft_batches_while_confirmed(self):
        before = self._rows(self.draft | self.confirmed | self.paid, self.draft_batch)
        self.assertRpcRefused(self.finance_user, "zugong.payment.batch", "write", [self.draft_batch.id],
                              {"entry_ids": [(4, self.confirmed.id)]})
        self.assertRpcRefused(self.finance_user, "zugong.payment.batch", "write", [self.draft_batch.id],
                              {"entry_ids": [(4, self.draft.id)]})
        self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "write", [self.draft.id],
                              {"batch_id": self.draft_batch.id})
        self.assertRpcRefused(self.finance_user, "zugong.payment.batch", "create", {
            "name": "With entries", "entry_ids": [(6, 0, self.confirmed.ids)],
        })
        other_batch = self.Batch.sudo().create({"name": "Other", "company_id": self.other_company.id})
        for entry, batch in [(self.draft, self.draft_batch), (self.confirmed, self.paid_batch),
                             (self.confirmed, other_batch)]:
            with self.subTest(entry=entry.name, batch=batch.name):
                self.assertSqlRefused("UPDATE zugong_ledger_entry SET batch_id = %s WHERE id = %s", [batch.id, entry.id])
        # paid only within its batch, as the batch is paid, on the batch's date
        self.assertSqlRefused("UPDATE zugong_ledger_entry SET state = 'paid', paid_on = '2026-01-01' WHERE id = %s",
                              [self.confirmed.id])
        self.env.cr.execute("UPDATE zugong_ledger_entry SET batch_id = %s WHERE id = %s",
                            [self.draft_batch.id, self.confirmed.id])
        self.assertSqlRefused("UPDATE zugong_ledger_entry SET state = 'paid', paid_on = '2020-01-01' WHERE id = %s",
                              [self.confirmed.id])
        self.assertSqlRefused("UPDATE zugong_payment_batch SET state = 'paid' WHERE id = %s", [self.draft_batch.id])
        self.assertSqlRefused("UPDATE zugong_ledger_entry SET state = 'reversed' WHERE id = %s", [self.confirmed.id])
        self.assertSqlRefused(
            "INSERT INTO zugong_ledger_entry (name, kind, amount, points, user_id, unit_id, company_id, currency_id,"
            " date, state, confirmed_on, confirmed_by_id, reversal_of_id) SELECT 'Reversal', kind, -amount, -points,"
            " user_id, unit_id, company_id, currency_id, date, 'confirmed', now(), 1, id"
            " FROM zugong_ledger_entry WHERE id = %s", [self.confirmed.id])
        self.env.cr.execute("UPDATE zugong_ledger_entry SET batch_id = NULL WHERE id = %s", [self.confirmed.id])
        self.env.invalidate_all()
        self.assertEqual(self._rows(self.draft | self.confirmed | self.paid, self.draft_batch), before)

    def test_batch_actions_are_finances(self):
        batch = self.draft_batch
        self.rpc(self.finance_user, "zugong.payment.batch", "action_load_entries", [batch.id])
        self.assertEqual(batch.entry_ids, self.confirmed)
        before = self._rows(batch, self.confirmed)
        for user in (self.research_user, self.district_officer, self.point_officer, self.hr_user):
            for method in ("action_load_entries", "action_mark_paid", "action_release_entries", "action_export",
                           "unlink"):
                with self.subTest(user=user.login, method=method):
                    self.assertRpcRefused(user, "zugong.payment.batch", method, [batch.id])
        self.assertEqual(self._rows(batch, self.confirmed), before)
        self.assertFalse(batch.export_file)

    def test_payment_list_file_is_the_exports(self):
        self.rpc(self.finance_user, "zugong.payment.batch", "action_load_entries", [self.draft_batch.id])
        self.rpc(self.finance_user, "zugong.payment.batch", "action_export", [self.draft_batch.id])
        before = self._rows(self.draft_batch)
        exported = self.draft_batch.export_file
        forged = base64.b64encode(b"forged").decode()
        self.assertRpcRefused(self.finance_user, "zugong.payment.batch", "write", [self.draft_batch.id],
                              {"export_file": forged})
        self.assertRpcRefused(self.finance_user, "zugong.payment.batch", "write", [self.draft_batch.id],
                              {"export_filename": "other.xlsx"})
        self.assertRpcRefused(self.finance_user, "zugong.payment.batch", "create",
                              {"name": "Forged", "export_file": forged})
        self.assertEqual(self._rows(self.draft_batch), before)
        self.assertEqual(self.draft_batch.export_file, exported)
        # marked paid, the batch keeps the list it was paid by
        self.rpc(self.finance_user, "zugong.payment.batch", "action_mark_paid", [self.draft_batch.id])
        self.rpc(self.finance_user, "zugong.payment.batch", "action_export", [self.draft_batch.id])
        self.assertEqual(self.draft_batch.export_file, exported)
        self.assertEqual((self.draft_batch.state, self.confirmed.state), ("paid", "paid"))


@tagged("post_install", "-at_install")
class TestSecurityLedgerAmounts(LedgerAttackCase):
    """Finding 17: money and points are exact and bounded."""

    def test_an_entry_has_an_amount_or_points(self):
        count = self._count("zugong.ledger.entry")
        for values in ({}, {"amount": 0, "points": 0}, {"points": False}, {"amount": False, "points": False}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "create", {
                    "name": "Nothing", "kind": "bonus", "user_id": self.district_officer.id, **values,
                })
        columns = "name, kind, user_id, company_id, currency_id, date, state"
        values = f"'Nothing', 'bonus', {self.district_officer.id}, {self.company.id}, {self.company.currency_id.id}, " \
                 "'2026-01-01', 'draft'"
        for extra_columns, extra_values in [("amount", "0"), ("points", "0"), ("amount, points", "5, NULL"),
                                            ("amount, points", "NULL, 5")]:
            with self.subTest(columns=extra_columns, values=extra_values):
                self.assertSqlRefused(f"INSERT INTO zugong_ledger_entry ({columns}, {extra_columns}) "
                                      f"VALUES ({values}, {extra_values})", error=errors.NotNullViolation)
        self.assertSqlRefused("UPDATE zugong_ledger_entry SET points = NULL WHERE id = %s", [self.draft.id],
                              error=errors.NotNullViolation)
        self.assertEqual(self._count("zugong.ledger.entry"), count)

    def test_amounts_and_points_are_bounded_and_signed(self):
        count = self._count("zugong.ledger.entry")
        before = self._rows(self.draft)
        base = {"name": "Out of bounds", "user_id": self.district_officer.id, "unit_id": self.district.id}
        for values in ({"kind": "bonus", "amount": 1e20}, {"kind": "bonus", "amount": 1_000_000},
                       {"kind": "penalty", "amount": -1_000_000}, {"kind": "bonus", "points": 10_000},
                       {"kind": "demerit", "points": -1e9}, {"kind": "royalty", "amount": -50},
                       {"kind": "bonus", "amount": -50}, {"kind": "demerit", "points": 3},
                       {"kind": "penalty", "amount": 20}, {"kind": "royalty", "amount": 0, "points": 1}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "create", {**base, **values})
        self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "write", [self.draft.id], {"amount": 1e20})
        self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "write", [self.draft.id], {"amount": -100})
        columns = "name, kind, user_id, company_id, currency_id, date, state, points, amount"
        values = f"'Out', 'royalty', {self.district_officer.id}, {self.company.id}, {self.company.currency_id.id}, " \
                 "'2026-01-01', 'draft', 0"
        for amount in ("1e20", "-50", "1000000"):
            with self.subTest(amount=amount):
                self.assertSqlRefused(f"INSERT INTO zugong_ledger_entry ({columns}) VALUES ({values}, {amount})")
        with self.assertDatabaseRefuses("zugong_ledger_entry_amount_range", "1,000,000"), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE zugong_ledger_entry SET amount = 1e20 WHERE id = %s", [self.draft.id])
        self.assertEqual(self._rows(self.draft), before)
        self.assertEqual(self._count("zugong.ledger.entry"), count)

    def test_royalty_rules_are_the_research_offices_and_bounded(self):
        rule = self.env["zugong.royalty.rule"].create({"level": "city", "amount": 100})
        before = self._rows(rule)
        self.assertRpcRefused(self.finance_user, "zugong.royalty.rule", "write", rule.ids, {"amount": 5000},
                              error="AccessError")
        self.assertRpcRefused(self.finance_user, "zugong.royalty.rule", "create", {"level": "city", "amount": 9},
                              error="AccessError")
        for amount in (1e20, -10):
            self.assertRpcRefused(self.research_user, "zugong.royalty.rule", "write", rule.ids, {"amount": amount})
        self.assertEqual(self._rows(rule), before)

    def test_sums_are_exact(self):
        entries = self.Entry.browse()
        for _index in range(10):
            entries |= self._entry("Dime", 0.1, confirm=True, user=self.county_officer, unit=self.county)
        batch = self.draft_batch.with_user(self.finance_user)
        batch.unit_id = self.county
        batch.action_load_entries()
        self.assertEqual(batch.entry_ids, entries)
        self.assertNotEqual(sum(entries.mapped("amount")), 1, "a float sum drifts")
        self.assertEqual(batch.total_amount, 1)
        batch.action_export()
        summary, detail = openpyxl.load_workbook(io.BytesIO(base64.b64decode(batch.export_file))).worksheets
        person = [row for row in summary.iter_rows(min_row=5, values_only=True) if row[1] == self.county_officer.name]
        self.assertEqual(person[0][5], 1)
        summary_total = [row for row in summary.iter_rows(min_row=5, values_only=True) if row[0] is not None][-2]
        self.assertEqual(summary_total[4:7], (10, 1, "壹元整"))
        detail_total = [row for row in detail.iter_rows(min_row=2, values_only=True) if row[0]][-1]
        self.assertEqual(detail_total[5], 1)


@tagged("post_install", "-at_install")
class TestSecurityLedgerMore(LedgerAttackCase):
    """Beyond the findings: provenance, companies, beneficiaries, reversals and the awards."""

    def test_provenance_and_currency_are_the_codes(self):
        count = self._count("zugong.ledger.entry")
        adoption_free = {"name": "Forged royalty", "kind": "royalty", "amount": 10, "user_id": self.district_officer.id}
        usd = self.env.ref("base.USD")
        other = usd if self.company.currency_id != usd else self.env.ref("base.EUR")
        for values in ({"source_model": "zugong.training.attendance", "source_id": 1},
                       {"currency_id": other.id}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "create", {**adoption_free, **values})
        self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "write", [self.draft.id],
                              {"currency_id": other.id})
        self.assertEqual(self.draft.currency_id, self.company.currency_id)
        self.assertEqual(self._count("zugong.ledger.entry"), count)

    def test_entries_stay_in_the_users_company(self):
        count = self._count("zugong.ledger.entry")
        outsider = self._outsider("t_ledger_outsider")
        base = {"name": "Elsewhere", "kind": "bonus", "amount": 10}
        for values in ({"user_id": outsider.id}, {"user_id": self.district_officer.id, "unit_id": self.foreign_unit.id},
                       {"user_id": self.district_officer.id, "company_id": self.other_company.id}):
            with self.subTest(values=values):
                self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "create", {**base, **values})
        self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "write", [self.draft.id],
                              {"company_id": self.other_company.id})
        self.assertEqual(self.draft.company_id, self.company)
        self.assertEqual(self._count("zugong.ledger.entry"), count)

    def test_the_reversal_of_an_unpaid_entry_is_not_paid(self):
        """It cancels an entry never paid: paying it would take money from the person. The
        reversal of a paid entry takes the payment back in the next batch."""
        self.rpc(self.finance_user, "zugong.ledger.entry", "action_reverse", [self.confirmed.id])
        self.rpc(self.finance_user, "zugong.ledger.entry", "action_reverse", [self.paid.id])
        self.rpc(self.finance_user, "zugong.payment.batch", "action_load_entries", [self.draft_batch.id])
        self.assertEqual(self.draft_batch.entry_ids, self.paid.reversal_ids)
        self.assertEqual(self.draft_batch.total_amount, -300)
        self.assertSqlRefused("UPDATE zugong_ledger_entry SET batch_id = %s WHERE id = %s",
                              [self.draft_batch.id, self.confirmed.reversal_ids.id])

    def test_reversing_an_entry_of_a_draft_batch_takes_it_out(self):
        self.rpc(self.finance_user, "zugong.payment.batch", "action_load_entries", [self.draft_batch.id])
        self.assertEqual(self.draft_batch.entry_ids, self.confirmed)
        self.rpc(self.finance_user, "zugong.ledger.entry", "action_reverse", [self.confirmed.id])
        self.assertEqual((self.confirmed.state, self.confirmed.batch_id), ("reversed", self.Batch))
        self.assertFalse(self.draft_batch.entry_ids)

    def test_deleting_a_draft_batch_releases_its_entries(self):
        self.rpc(self.finance_user, "zugong.payment.batch", "action_load_entries", [self.draft_batch.id])
        self.rpc(self.finance_user, "zugong.payment.batch", "unlink", [self.draft_batch.id])
        self.assertFalse(self.draft_batch.exists())
        self.assertEqual((self.confirmed.state, self.confirmed.batch_id), ("confirmed", self.Batch))

    def test_year_end_awards_are_drafts_of_the_research_office(self):
        self.assertRpcRefused(self.finance_user, "zugong.award.wizard", "create", {"year": 2025},
                              error="AccessError")
        wizard_id = self.rpc(self.research_user, "zugong.award.wizard", "create", {
            "year": 2025, "proposal_ids": [
                (0, 0, {"award": "advanced_person", "user_id": self.district_officer.id, "amount": 500}),
                (0, 0, {"award": "demerit", "unit_id": self.county.id, "points": 4}),
            ],
        })
        action = self.rpc(self.research_user, "zugong.award.wizard", "action_approve", [wizard_id])
        entries = self.Entry.search(action["domain"])
        self.assertEqual(sorted(entries.mapped("state")), ["draft", "draft"])
        self.assertEqual(sorted(entries.mapped("points")), [-4, 0])
        self.assertEqual(entries.create_uid, self.research_user)
        # the research office does not confirm the bonus it proposed: finance does
        bonus = entries.filtered("amount")
        self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "action_confirm", bonus.ids)
        # a proposal cannot reach beyond the ledger's rules
        outsider = self._outsider("t_award_outsider")
        count = self._count("zugong.ledger.entry")
        for proposal in ({"award": "advanced_person", "user_id": self.district_officer.id, "amount": -500},
                         {"award": "advanced_person", "user_id": self.district_officer.id, "amount": 1e12},
                         {"award": "advanced_person", "user_id": outsider.id, "amount": 5}):
            with self.subTest(proposal=proposal):
                wizard_id = self.rpc(self.research_user, "zugong.award.wizard", "create", {
                    "year": 2025, "proposal_ids": [(0, 0, proposal)],
                })
                self.assertRpcRefused(self.research_user, "zugong.award.wizard", "action_approve", [wizard_id])
        self.assertEqual(self._count("zugong.ledger.entry"), count)


@tagged("post_install", "-at_install")
class TestSecurityLedgerUnitMoney(LedgerAttackCase):
    """The money of a unit (an advanced-unit bonus for no person) is paid to the payee the
    workflow names as it joins a batch: no one chooses another, by RPC or by SQL, and the
    payee stays with the payment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._register(cls.county, cls.county_officer)
        cls.unit_bonus = cls.Entry.create({"name": "先进集体", "kind": "bonus", "unit_id": cls.county.id,
                                           "amount": 1000})
        cls.unit_bonus.with_user(cls.finance_user).action_confirm()

    def test_payee_is_the_workflows_over_rpc(self):
        before = self._rows(self.unit_bonus, self.draft)
        count = self._count("zugong.ledger.entry")
        self.assertRpcRefused(self.finance_user, "zugong.ledger.entry", "write", [self.unit_bonus.id],
                              {"payee_id": self.finance_user.id})
        self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "write", [self.draft.id],
                              {"payee_id": self.research_user.id})
        self.assertRpcRefused(self.research_user, "zugong.ledger.entry", "create", {
            "name": "Unit bonus", "kind": "bonus", "unit_id": self.county.id, "amount": 10,
            "payee_id": self.research_user.id,
        }, error="AccessError")
        self.assertEqual(self._rows(self.unit_bonus, self.draft), before)
        self.assertEqual(self._count("zugong.ledger.entry"), count)

        self.rpc(self.finance_user, "zugong.payment.batch", "action_load_entries", [self.draft_batch.id])
        self.assertEqual(self.unit_bonus.payee_id, self.county_officer)
        before = self._rows(self.unit_bonus)
        self.assertRpcRefused(self.finance_user, "zugong.ledger.entry", "write", [self.unit_bonus.id],
                              {"payee_id": self.finance_user.id})
        # nor by choosing the unit's payee: who may not write units cannot
        self.assertRpcRefused(self.finance_user, "zugong.unit", "write", [self.county.id],
                              {"payee_id": self.finance_user.id}, error="AccessError")
        self.assertEqual(self._rows(self.unit_bonus), before)
        self.assertFalse(self.county.payee_id)

    def test_payee_by_sql(self):
        self.env.cr.execute("UPDATE zugong_ledger_entry SET batch_id = %s, payee_id = %s WHERE id = %s",
                            [self.draft_batch.id, self.county_officer.id, self.unit_bonus.id])
        before = self._rows(self.unit_bonus, self.confirmed, self.paid)
        for query, params in [
            # another payee while in the batch, or none
            ("UPDATE zugong_ledger_entry SET payee_id = %s WHERE id = %s", [self.finance_user.id, self.unit_bonus.id]),
            ("UPDATE zugong_ledger_entry SET payee_id = NULL WHERE id = %s", [self.unit_bonus.id]),
            # a person's money goes to that person
            ("UPDATE zugong_ledger_entry SET batch_id = %s, payee_id = %s WHERE id = %s",
             [self.draft_batch.id, self.finance_user.id, self.confirmed.id]),
            ("UPDATE zugong_ledger_entry SET payee_id = %s WHERE id = %s", [self.finance_user.id, self.paid.id]),
            # a payee only with a batch; no unit money in a batch without one
            ("UPDATE zugong_ledger_entry SET batch_id = NULL WHERE id = %s", [self.unit_bonus.id]),
            ("INSERT INTO zugong_ledger_entry (name, kind, amount, points, unit_id, company_id, currency_id, date,"
             " state, payee_id) VALUES ('Bonus', 'bonus', 5, 0, %s, %s, %s, '2026-01-01', 'draft', %s)",
             [self.county.id, self.company.id, self.company.currency_id.id, self.finance_user.id]),
        ]:
            with self.subTest(query=query):
                self.assertSqlRefused(query, params)
        self.env.cr.execute("UPDATE zugong_ledger_entry SET batch_id = NULL, payee_id = NULL WHERE id = %s",
                            [self.unit_bonus.id])
        self.assertSqlRefused("UPDATE zugong_ledger_entry SET batch_id = %s WHERE id = %s",
                              [self.draft_batch.id, self.unit_bonus.id])
        self.env.cr.execute("UPDATE zugong_ledger_entry SET batch_id = %s, payee_id = %s WHERE id = %s",
                            [self.draft_batch.id, self.county_officer.id, self.unit_bonus.id])
        self.assertEqual(self._rows(self.unit_bonus, self.confirmed, self.paid), before)

    def test_paid_unit_money_keeps_its_payee(self):
        self.rpc(self.finance_user, "zugong.payment.batch", "action_load_entries", [self.draft_batch.id])
        self.rpc(self.finance_user, "zugong.payment.batch", "action_mark_paid", [self.draft_batch.id])
        self.assertEqual((self.unit_bonus.state, self.unit_bonus.payee_id), ("paid", self.county_officer))
        before = self._rows(self.unit_bonus)
        self.assertSqlRefused("UPDATE zugong_ledger_entry SET payee_id = %s WHERE id = %s",
                              [self.finance_user.id, self.unit_bonus.id])
        self.assertSqlRefused("UPDATE zugong_ledger_entry SET payee_id = NULL, batch_id = NULL WHERE id = %s",
                              [self.unit_bonus.id])
        self.assertRpcRefused(self.finance_user, "zugong.ledger.entry", "write", [self.unit_bonus.id],
                              {"payee_id": self.finance_user.id})
        self.assertEqual(self._rows(self.unit_bonus), before)


@tagged("post_install", "-at_install")
class TestSecurityLedgerXlsx(LedgerAttackCase):
    """Finding 9: a name typed as a formula stays text in the payment list."""

    def test_payment_list_stores_names_as_text(self):
        entry = self._entry("Royalty", 80, kind="royalty", confirm=True, user=self.point_officer, unit=self.point)
        entry_name = self._entry('=HYPERLINK("http://x","y")', 20, confirm=True, user=self.point_officer,
                                 unit=self.point)
        self.rpc(self.finance_user, "zugong.payment.batch", "action_load_entries", [self.draft_batch.id])
        self.assertLessEqual(entry | entry_name, self.draft_batch.entry_ids)
        for name in FORMULAS:
            with self.subTest(name=name):
                # the portal officer names themselves, as the account page lets them
                self.rpc(self.point_officer, "res.users", "write", [self.point_officer.id], {"name": name})
                self.assertEqual(self.point_officer.name, name)
                self.rpc(self.finance_user, "zugong.payment.batch", "action_export", [self.draft_batch.id])
                assert_text_cells(self, base64.b64decode(self.draft_batch.export_file),
                                  {name, '=HYPERLINK("http://x","y")'})


@tagged("post_install", "-at_install")
class TestSecurityLedgerRace(TransactionCase):
    """A batch is not marked paid while an entry joins it, in two transactions at once: the
    entry's change locks its batch until the transaction ends, so the payment waits (here
    no longer than a short lock timeout) instead of paying a batch whose entries move; and
    the other way round. Needs committed data: a company of its own, removed afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            company = env["res.company"].create({"name": f"Ledger race {time.time_ns()}"})
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            unit = env["zugong.unit"].create({"name": "Unit", "code": "RACE", "company_id": company.id})
            entries = env["zugong.ledger.entry"].create([{
                "name": f"Bonus {index}", "kind": "bonus", "amount": 10, "unit_id": unit.id,
                "company_id": company.id,
            } for index in range(2)])
            entries.action_confirm()
            batch = env["zugong.payment.batch"].create({"name": "Race", "company_id": company.id})
            # the money of a unit joins a batch with the payee it is paid to
            payee = env.ref("base.user_admin")
            entries[0].write({"batch_id": batch.id, "payee_id": payee.id})
            cls.company_id, cls.batch_id, cls.payee_id = company.id, batch.id, payee.id
            cls.first_id, cls.second_id = entries.ids
        cls.addClassCleanup(cls._remove_committed_data)

    @classmethod
    def _remove_committed_data(cls):
        with cls.registry.cursor() as cr:
            # confirmed entries are never deleted but by the table's owner, the trigger off
            cr.execute("ALTER TABLE zugong_ledger_entry DISABLE TRIGGER zugong_ledger_entry_guard")
            cr.execute("DELETE FROM mail_message WHERE model = 'zugong.ledger.entry' AND res_id = ANY(%s)",
                       [[cls.first_id, cls.second_id]])
            cr.execute("DELETE FROM zugong_ledger_entry WHERE company_id = %s", [cls.company_id])
            cr.execute("ALTER TABLE zugong_ledger_entry ENABLE TRIGGER zugong_ledger_entry_guard")
            cr.execute("DELETE FROM zugong_payment_batch WHERE company_id = %s", [cls.company_id])
            cr.execute("DELETE FROM zugong_unit WHERE company_id = %s", [cls.company_id])
            cr.execute("DELETE FROM res_company_users_rel WHERE cid = %s", [cls.company_id])
            cr.execute("DELETE FROM res_company WHERE id = %s", [cls.company_id])

    def _pay(self, cr):
        cr.execute("SET LOCAL lock_timeout = '300ms'")
        cr.execute("UPDATE zugong_ledger_entry SET state = 'paid', paid_on = batch.date"
                   " FROM zugong_payment_batch batch WHERE batch.id = %s AND zugong_ledger_entry.batch_id = batch.id",
                   [self.batch_id])
        cr.execute("UPDATE zugong_payment_batch SET state = 'paid' WHERE id = %s", [self.batch_id])

    def _join(self, cr):
        cr.execute("SET LOCAL lock_timeout = '300ms'")
        cr.execute("UPDATE zugong_ledger_entry SET batch_id = %s, payee_id = %s WHERE id = %s",
                   [self.batch_id, self.payee_id, self.second_id])

    def test_payment_waits_for_an_entry_joining(self):
        with self.registry.cursor() as joining, self.registry.cursor() as paying:
            self._join(joining)
            with mute_logger("odoo.sql_db"), self.assertRaises(errors.LockNotAvailable):
                self._pay(paying)
            paying.rollback()
            joining.rollback()

    def test_an_entry_waits_for_the_payment(self):
        with self.registry.cursor() as paying, self.registry.cursor() as joining:
            self._pay(paying)
            with mute_logger("odoo.sql_db"), self.assertRaises(errors.LockNotAvailable):
                self._join(joining)
            joining.rollback()
            paying.rollback()
