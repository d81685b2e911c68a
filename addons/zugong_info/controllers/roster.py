from odoo import http
from odoo.http import request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ZugongRoster(http.Controller):

    @http.route("/zugong_info/roster/template", type="http", auth="user", methods=["GET"])
    def roster_template(self):
        """The roster template, for the research office (zugong.roster._template checks)."""
        content = request.env["zugong.roster"]._template()
        filename = request.env["zugong.roster"].with_context(
            lang=request.env.user.lang)._template_filename()
        return request.make_response(content, headers=[
            ("Content-Type", XLSX),
            ("Content-Disposition", http.content_disposition(filename)),
        ])
