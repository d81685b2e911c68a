"""A closed period's figures cannot change, by any path: attacks as the research office
over JSON-RPC, and by SQL through Odoo's own connection."""
from datetime import date

import psycopg2

from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import AttackCase, ZugongCase


@tagged("post_install", "-at_install")
class TestSecurityPeriods(AttackCase, ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.district | cls.county).signoff_required = False
        with freeze_time("2026-03-10 09:00:00"):
            cls.item = cls._submitted_item()
        cls.item.with_user(cls.research_user).action_receive()
        cls.march = cls.env["zugong.period"]._ensure(cls.company, "month", date(2026, 3, 1))
        cls.march.with_user(cls.research_user).action_close()

    def _figures(self):
        self.env.invalidate_all()
        item = self.item
        return (item.state, item.submitted_date, item.type_id, item.company_id,
                [(line.unit_id.id, line.share, line.sequence) for line in item.unit_line_ids],
                item.author_ids.ids, item.unit_ids.ids)

    def _sql_refused(self, query, params=()):
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation) as refusal:
            with self.env.cr.savepoint():
                self.env.cr.execute(query, params)
        self.assertEqual(refusal.exception.diag.constraint_name, "zugong_period_closed_frozen")

    def test_research_office_cannot_change_the_units_of_a_closed_months_item(self):
        before = self._figures()
        line = self.item.unit_line_ids
        self.assertRpcRefused(self.research_user, "zugong.item.unit", "write", line.ids, {"share": 50})
        self.assertRpcRefused(self.research_user, "zugong.item.unit", "create",
                              {"item_id": self.item.id, "unit_id": self.county.id, "share": 50})
        self.assertRpcRefused(self.research_user, "zugong.item.unit", "unlink", line.ids)
        self.assertRpcRefused(self.research_user, "zugong.item", "write", [self.item.id],
                              {"author_ids": [(4, self.county_officer.id)]})
        self.assertEqual(self._figures(), before)

    def test_research_office_cannot_return_a_closed_months_item(self):
        before = self._figures()
        wizard_id = self.rpc(self.research_user, "zugong.item.return", "create",
                             {"item_ids": [(6, 0, self.item.ids)], "comment": "Rewrite it"})
        self.assertRpcRefused(self.research_user, "zugong.item.return", "action_confirm", [wizard_id])
        self.assertEqual(self._figures(), before)

    def test_sql_cannot_change_what_the_closed_month_counts(self):
        before = self._figures()
        item, line = self.item.id, self.item.unit_line_ids.id
        self._sql_refused("UPDATE zugong_item SET submitted_date = '2026-04-02' WHERE id = %s", [item])
        self._sql_refused("UPDATE zugong_item SET state = 'draft' WHERE id = %s", [item])
        self._sql_refused("UPDATE zugong_item SET company_id = %s WHERE id = %s", [self.other_company.id, item])
        self._sql_refused("UPDATE zugong_item_unit SET share = 10 WHERE id = %s", [line])
        self._sql_refused("DELETE FROM zugong_item_unit WHERE id = %s", [line])
        self._sql_refused("INSERT INTO zugong_item_author_rel (item_id, user_id) VALUES (%s, %s)",
                          [item, self.county_officer.id])
        self._sql_refused("DELETE FROM zugong_item_unit_ids_rel WHERE item_id = %s", [item])
        self.assertEqual(self._figures(), before)

    def test_later_steps_of_a_closed_months_item_still_happen(self):
        """Adopting it in April does not change what March counted."""
        publication = self.env["zugong.publication"].create({"name": "City Bulletin", "level": "city"})
        with freeze_time("2026-04-03 09:00:00"):
            self.env["zugong.adoption"].with_user(self.research_user).create({
                "item_id": self.item.id, "publication_id": publication.id, "issue_number": "2026年第5期",
                "date": date(2026, 4, 3),
            })
        self.assertEqual(self.item.state, "adopted")

    def test_periods_close_and_reopen_only_through_their_actions(self):
        april = self.env["zugong.period"]._ensure(self.company, "month", date(2026, 4, 1))
        self.assertRpcRefused(self.research_user, "zugong.period", "write", self.march.ids, {"state": "open"})
        self.assertRpcRefused(self.research_user, "zugong.period", "write", april.ids,
                              {"state": "closed", "closed_on": "2026-05-01 00:00:00"})
        self.assertRpcRefused(self.research_user, "zugong.period", "write", self.march.ids,
                              {"date_start": "2025-03-01"})
        self.assertRpcRefused(self.research_user, "zugong.period", "unlink", self.march.ids)
        self.assertRpcRefused(self.research_user, "zugong.period", "create", {
            "kind": "month", "date_start": "2026-06-01", "state": "closed",
        })
        self.assertRpcRefused(self.research_user, "zugong.period", "action_reopen", self.march.ids, "")
        self.env.invalidate_all()
        self.assertEqual((self.march.state, april.state), ("closed", "open"))
        self.assertEqual(self.march.date_start, date(2026, 3, 1))
        self.assertFalse(self.env["zugong.period"].search([("date_start", "=", date(2026, 6, 1))]))
