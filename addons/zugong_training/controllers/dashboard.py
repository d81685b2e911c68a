from odoo.http import request

from odoo.addons.zugong_info.controllers.dashboard import ZugongDashboardPortal


class ZugongTrainingDashboardPortal(ZugongDashboardPortal):
    """Adds the training section (sign-in, upcoming sessions, hours this year) to the
    officer's page /my/zugong."""

    def _prepare_zugong_dashboard_values(self):
        values = super()._prepare_zugong_dashboard_values()
        values.update(request.env["zugong.training.session"]._portal_training_values())
        return values
