from odoo import fields, models, tools


class ZugongTrainingAttendanceReport(models.Model):
    """One row per invitation to a closed session: attendance rates per unit, per session
    kind or per person, and hours, in pivot and graph views. The rate counts present and
    late as attended; absent and excused as not."""

    _name = "zugong.training.attendance.report"
    _description = "Training Attendance Report"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "session_id"

    session_id = fields.Many2one("zugong.training.session", "Session", readonly=True)
    kind_id = fields.Many2one("zugong.training.kind", "Kind", readonly=True)
    user_id = fields.Many2one("res.users", "Person", readonly=True)
    unit_id = fields.Many2one("zugong.unit", "Unit", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    state = fields.Selection(
        [
            ("present", "Present"),
            ("late", "Late"),
            ("absent", "Absent"),
            ("excused", "Excused"),
        ],
        "Attendance", readonly=True,
    )
    invited_count = fields.Integer("Invited", readonly=True)
    attended_count = fields.Integer("Attended", readonly=True)
    absent_count = fields.Integer("Absent", readonly=True)
    excused_count = fields.Integer("Excused", readonly=True)
    attendance_rate = fields.Float(
        "Attendance Rate (%)", readonly=True, aggregator="avg", digits=(5, 1)
    )
    hours_credited = fields.Float("Hours Credited", readonly=True, digits=(6, 1))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT
                    a.id AS id,
                    a.session_id AS session_id,
                    s.kind_id AS kind_id,
                    a.user_id AS user_id,
                    a.unit_id AS unit_id,
                    s.company_id AS company_id,
                    s.date AS date,
                    a.state AS state,
                    1 AS invited_count,
                    (a.state IN ('present', 'late'))::int AS attended_count,
                    (a.state = 'absent')::int AS absent_count,
                    (a.state = 'excused')::int AS excused_count,
                    CASE WHEN a.state IN ('present', 'late') THEN 100.0 ELSE 0.0 END
                        AS attendance_rate,
                    a.hours_credited AS hours_credited
                FROM zugong_training_attendance a
                JOIN zugong_training_session s ON s.id = a.session_id
                WHERE s.state = 'done'
            )
        """)
