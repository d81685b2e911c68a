"""Attacks on the yearly training record: a name typed as a formula by a portal officer
stays text in the workbook HR exports."""
import base64

from odoo.tests import tagged

from odoo.addons.zugong_info.tests.common import FORMULAS, AttackCase, assert_text_cells

from .common import TrainingFiguresCase


@tagged("post_install", "-at_install")
class TestSecurityTrainingExport(AttackCase, TrainingFiguresCase):

    def test_training_record_stores_names_as_text(self):
        for name in FORMULAS:
            with self.subTest(name=name):
                # the portal officer names themselves, as the account page lets them
                self.rpc(self.point_officer, "res.users", "write", [self.point_officer.id], {"name": name})
                self.assertEqual(self.point_officer.name, name)
                wizard_id = self.rpc(self.hr_user, "zugong.training.record.export", "create",
                                     {"year": 2026, "unit_id": self.city.id})
                self.rpc(self.hr_user, "zugong.training.record.export", "action_export", [wizard_id])
                wizard = self.env["zugong.training.record.export"].browse(wizard_id)
                assert_text_cells(self, base64.b64decode(wizard.file), {name})
