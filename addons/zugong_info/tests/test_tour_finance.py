import base64
import io

import openpyxl

from odoo.tests import HttpCase, tagged

from ..tools.money import capital_amount, exact_sum


@tagged("post_install", "-at_install")
class TestTourFinance(HttpCase):
    """Finance's journey in the browser, on the demo data."""

    def test_confirm_and_pay(self):
        """Finance confirms the drafted royalties and unit bonuses in bulk from the list,
        reads them in the pivot and graph, and pays them through a batch: the unit money
        goes to the unit's payee or officer, and the payment list carries it all."""
        finance = self.env.ref("zugong_info.demo_user_finance")
        Entry = self.env["zugong.ledger.entry"]
        drafts = Entry.search([("state", "=", "draft"), ("company_id", "=", finance.company_id.id)])
        unit_money = drafts.filtered(lambda entry: not entry.user_id)
        self.assertTrue(drafts.filtered("user_id") and unit_money,
                        "the demo data has royalties and unit bonuses to confirm")
        self.assertFalse(drafts.filtered(lambda entry: not entry.amount), "money only: finance confirms it all")

        self.start_tour("/odoo", "zugong_finance_pay", login="caiwu")

        batch = self.env["zugong.payment.batch"].search([("name", "=", "年度稿酬及单位奖金发放")])
        self.assertEqual(len(batch), 1)
        self.assertEqual(batch.state, "paid")
        self.assertEqual(batch.create_uid, finance)
        self.assertEqual(batch.entry_ids, drafts)
        self.assertEqual(set(drafts.mapped("state")), {"paid"})
        self.assertEqual(drafts.confirmed_by_id, finance)
        self.assertEqual(set(drafts.mapped("paid_on")), {batch.date})
        payees = {entry.unit_id: entry.payee_id for entry in unit_money}
        ref = self.env.ref
        self.assertEqual(payees[ref("zugong_info.demo_unit_lj")], ref("zugong_info.demo_user_officer_lj"),
                         "the registered officer")
        self.assertEqual(payees[ref("zugong_info.demo_unit_sq")], ref("zugong_info.demo_user_head_sq"),
                         "the payee the unit names")
        self.assertFalse(drafts.filtered("user_id").payee_id)

        # the payment list the batch was paid by
        summary = openpyxl.load_workbook(io.BytesIO(base64.b64decode(batch.export_file))).worksheets[0]
        rows = [[cell.value for cell in row] for row in summary.iter_rows(min_row=5, max_col=10)]
        lj = next(row for row in rows if row[2] == ref("zugong_info.demo_unit_lj").name and "单位款项" in row[3])
        self.assertEqual(lj[1], ref("zugong_info.demo_user_officer_lj").name)
        self.assertEqual((lj[5], lj[6], lj[7], lj[8]), (2000, "贰仟元整", "中国工商银行江州分行", "6222021503000012345"))
        total = next(row for row in rows if row[0] == "合计")
        amount = exact_sum(drafts.mapped("amount"))
        self.assertEqual(total[4:7], [len(drafts), amount, capital_amount(amount)])
        people = rows[:rows.index(total)]
        self.assertEqual({row[1] for row in people}, set(drafts.recipient_id.mapped("name")),
                         "every payee named, once a row")
        for row in people:
            self.assertEqual(row[6], capital_amount(row[5]), f"the amount of {row[1]} in capital numerals")
        self.assertEqual(exact_sum(row[5] for row in people), amount, "the rows add up to the total")
        self.assertEqual(sum(row[4] for row in people), len(drafts))
        # the entries in detail, with their own total
        detail = openpyxl.load_workbook(io.BytesIO(base64.b64decode(batch.export_file))).worksheets[1]
        lines = [[cell.value for cell in row] for row in detail.iter_rows(min_row=2, max_col=6)]
        self.assertEqual(lines[-1][0], "合计")
        self.assertEqual(len(lines) - 1, len(drafts))
        self.assertEqual(lines[-1][5], amount)
        self.assertEqual(exact_sum(line[5] for line in lines[:-1]), amount)
