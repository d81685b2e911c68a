from datetime import date

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import StatsStub, notice_answer, notice_row


@tagged("post_install", "-at_install")
class TestTourLeadership(HttpCase):
    """The leadership's journey in the browser, on the demo data."""

    def test_read_and_instruct(self):
        """A leader reads the month's notice and the targets' progress, opens an item and
        enters an instruction on it: the instruction is theirs, the unit is asked for its
        feedback, and nothing else changed."""
        ref = self.env.ref
        leader = ref("zugong_info.demo_user_leadership")
        research = ref("zugong_info.demo_user_research")
        city, lj, qs = ref("zugong_info.demo_unit_city"), ref("zugong_info.demo_unit_lj"), ref("zugong_info.demo_unit_qs")
        stub = StatsStub()
        self.addCleanup(stub.close)
        config = self.env["ir.config_parameter"]
        config.set_param("zugong_info.stats_url", stub.url)
        config.set_param("zugong_info.stats_token", "stub-token")
        stub.reset(notice_answer(city, [notice_row(lj, 1, 80.0, items=5, city=2), notice_row(qs, 2, 40.0, items=2)]))
        notice = self.env["zugong.notice"].with_user(research)._generate({
            "period_kind": "month", "period_start": date(2026, 10, 1), "scope_unit_id": city.id, "subject": "units",
        })
        item = self.env["zugong.item"].search([("name", "=", "临江区推行“网格党建”打通服务群众“最后一米”")])
        self.assertEqual(len(item), 1)
        Instruction = self.env["zugong.instruction"]
        before = Instruction.search([])
        self.env.flush_all()
        self.env.cr.execute("SELECT id, write_date FROM zugong_item ORDER BY id")
        items_before = self.env.cr.fetchall()
        self.env.cr.execute("SELECT id, write_date FROM zugong_notice ORDER BY id")
        notices_before = self.env.cr.fetchall()

        self.start_tour("/odoo", "zugong_leadership_instruct", login="lingdao")

        added = Instruction.search([]) - before
        self.assertEqual(len(added), 1)
        self.assertRecordValues(added, [{
            "item_id": item.id, "leader_name": leader.name, "text": "经验做法很好，请研究室总结推广。",
            "state": "awaiting", "feedback_text": False, "create_uid": leader.id,
            "date": fields.Date.context_today(added.with_user(leader)),
        }])
        self.assertTrue(added.activity_ids, "the unit is asked how the instruction was carried out")
        self.env.cr.execute("SELECT id, write_date FROM zugong_item ORDER BY id")
        self.assertEqual(self.env.cr.fetchall(), items_before, "no item changed")
        self.env.cr.execute("SELECT id, write_date FROM zugong_notice ORDER BY id")
        self.assertEqual(self.env.cr.fetchall(), notices_before, "no notice changed")
        self.assertEqual(notice.state, "draft")
