from odoo import fields, models, tools


class ZugongTrainingSessionReport(models.Model):
    """One row per session that is not cancelled, with its attendance counts."""

    _name = "zugong.training.session.report"
    _description = "Training Session Report"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "session_id"

    session_id = fields.Many2one("zugong.training.session", "Session", readonly=True)
    kind_id = fields.Many2one("zugong.training.kind", "Kind", readonly=True)
    organizer_id = fields.Many2one("res.users", "Organizer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    state = fields.Selection(
        [("planned", "Planned"), ("confirmed", "Confirmed"), ("done", "Done")],
        "Status", readonly=True,
    )
    hours = fields.Float("Session Hours", readonly=True, aggregator="sum", digits=(6, 1))
    invited_count = fields.Integer("Invited", readonly=True)
    present_count = fields.Integer("Present", readonly=True)
    late_count = fields.Integer("Late", readonly=True)
    absent_count = fields.Integer("Absent", readonly=True)
    excused_count = fields.Integer("Excused", readonly=True)
    unmarked_count = fields.Integer("Not Marked", readonly=True)
    attendance_rate = fields.Float(
        "Attendance Rate (%)", readonly=True, aggregator="avg", digits=(5, 1),
        help="Present and late against invited; averaged over sessions when grouped.",
    )
    hours_credited = fields.Float("Hours Credited", readonly=True, digits=(6, 1))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT
                    s.id AS id,
                    s.id AS session_id,
                    s.kind_id AS kind_id,
                    s.organizer_id AS organizer_id,
                    s.company_id AS company_id,
                    s.date AS date,
                    s.state AS state,
                    s.hours AS hours,
                    count(a.id) AS invited_count,
                    count(a.id) FILTER (WHERE a.state = 'present') AS present_count,
                    count(a.id) FILTER (WHERE a.state = 'late') AS late_count,
                    count(a.id) FILTER (WHERE a.state = 'absent') AS absent_count,
                    count(a.id) FILTER (WHERE a.state = 'excused') AS excused_count,
                    count(a.id) FILTER (WHERE a.state = 'invited') AS unmarked_count,
                    CASE WHEN count(a.id) > 0 THEN
                        100.0 * count(a.id) FILTER (WHERE a.state IN ('present', 'late'))
                              / count(a.id)
                    ELSE 0.0 END AS attendance_rate,
                    COALESCE(sum(a.hours_credited), 0.0) AS hours_credited
                FROM zugong_training_session s
                LEFT JOIN zugong_training_attendance a ON a.session_id = s.id
                WHERE s.state != 'cancelled'
                GROUP BY s.id
            )
        """)
