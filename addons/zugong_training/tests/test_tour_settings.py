from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourSettings(HttpCase):
    """The settings of both addons in the browser: each company's own."""

    def test_settings_change_the_current_company_only(self):
        """The administrator changes an information work setting and a training one in the
        settings of the current company: that company's values change, another company's
        stay, and its settings form shows its own."""
        company = self.env.ref("base.main_company")
        other = self.env["res.company"].create({"name": "中共江州市江北区委组织部"})
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [(4, other.id)], "company_id": company.id})
        self.assertNotEqual((company.zugong_urgent_deadline_hours, company.zugong_training_late_minutes), (12, 20))
        other_before = (other.zugong_urgent_deadline_hours, other.zugong_training_late_minutes)

        self.start_tour("/odoo", "zugong_settings_per_company", login="admin")

        self.env.invalidate_all()
        self.assertEqual((company.zugong_urgent_deadline_hours, company.zugong_training_late_minutes), (12, 20))
        self.assertEqual((other.zugong_urgent_deadline_hours, other.zugong_training_late_minutes), other_before)
        settings = self.env["res.config.settings"].with_company(other).create({})
        self.assertEqual((settings.zugong_urgent_deadline_hours, settings.zugong_training_late_minutes), other_before)
        self.assertFalse(self.env["ir.config_parameter"].search([
            ("key", "in", ["zugong_info.urgent_deadline_hours", "zugong_training.late_minutes"])]))
