"""The research office sets its company's periods' schedule without the manager's
settings; nobody else sets it, nor for another company."""
from odoo.tests import tagged

from .common import AttackCase, ZugongCase


@tagged("post_install", "-at_install")
class TestZugongPeriodSchedule(AttackCase, ZugongCase):

    def _schedule(self, company):
        company.invalidate_recordset()
        return (company.zugong_period_close_mode, company.zugong_period_grace_days, company.zugong_warning_days)

    def test_the_research_office_sets_the_schedule(self):
        values = {"close_mode": "propose", "grace_days": 5, "warning_days": 3}
        wizard_id = self.rpc(self.research_user, "zugong.period.schedule", "create", values)
        self.rpc(self.research_user, "zugong.period.schedule", "action_confirm", [wizard_id])
        self.assertEqual(self._schedule(self.company), ("propose", 5, 3))

    def test_nobody_else_sets_it(self):
        before, other_before = self._schedule(self.company), self._schedule(self.other_company)
        values = {"close_mode": "close", "grace_days": 0, "warning_days": 0}
        self.assertRpcRefused(self.district_officer, "zugong.period.schedule", "create", values, error="AccessError")
        wizard_id = self.rpc(self.research_user, "zugong.period.schedule", "create",
                             dict(values, company_id=self.other_company.id))
        self.assertRpcRefused(self.research_user, "zugong.period.schedule", "action_confirm", [wizard_id])
        self.assertRpcRefused(self.research_user, "res.company", "write", [self.company.id],
                              {"zugong_period_close_mode": "close"}, error="AccessError")
        self.assertEqual(self._schedule(self.company), before)
        self.assertEqual(self._schedule(self.other_company), other_before)
