from odoo import fields, models, tools


class ZugongTrainingPersonReport(models.Model):
    """One row per person and year: the hours credited and the closed sessions the person
    was invited to and attended. Everyone currently in a unit has a row for every year in
    which their company held training (and for the current year), so that the people with
    no training in a year show up with nothing attended."""

    _name = "zugong.training.person.report"
    _description = "Training Hours per Person and Year"
    _auto = False
    _order = "year desc, hours_credited desc, id"
    _rec_name = "user_id"

    user_id = fields.Many2one("res.users", "Person", readonly=True)
    unit_id = fields.Many2one(
        "zugong.unit", "Unit", readonly=True,
        help="The person's current unit, else the unit of their last session that year.",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    year = fields.Char(readonly=True)
    invited_count = fields.Integer("Sessions Invited", readonly=True)
    attended_count = fields.Integer("Sessions Attended", readonly=True)
    late_count = fields.Integer("Late", readonly=True)
    absent_count = fields.Integer("Absent", readonly=True)
    excused_count = fields.Integer("Excused", readonly=True)
    hours_credited = fields.Float("Hours Credited", readonly=True, digits=(6, 1))
    no_training = fields.Boolean("No Training", readonly=True, aggregator="bool_and")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                WITH years AS (
                    SELECT DISTINCT company_id, date_part('year', date)::int AS year
                      FROM zugong_training_session
                     WHERE state != 'cancelled' AND date IS NOT NULL
                    UNION
                    SELECT id, date_part('year', now())::int FROM res_company
                ),
                people AS (
                    SELECT m.user_id, m.unit_id, m.company_id, y.year
                      FROM zugong_unit_member m
                      JOIN years y ON y.company_id = m.company_id
                     WHERE m.active
                ),
                attended AS (
                    SELECT a.user_id,
                           s.company_id,
                           date_part('year', s.date)::int AS year,
                           (array_agg(a.unit_id ORDER BY s.date_start DESC, a.id DESC))[1]
                               AS unit_id,
                           count(*) AS invited_count,
                           count(*) FILTER (WHERE a.state IN ('present', 'late'))
                               AS attended_count,
                           count(*) FILTER (WHERE a.state = 'late') AS late_count,
                           count(*) FILTER (WHERE a.state = 'absent') AS absent_count,
                           count(*) FILTER (WHERE a.state = 'excused') AS excused_count,
                           sum(a.hours_credited) AS hours_credited
                      FROM zugong_training_attendance a
                      JOIN zugong_training_session s ON s.id = a.session_id
                     WHERE s.state = 'done'
                     GROUP BY a.user_id, s.company_id, date_part('year', s.date)
                )
                SELECT
                    row_number() OVER (ORDER BY y.year, y.user_id, y.company_id) AS id,
                    y.user_id,
                    y.unit_id,
                    y.company_id,
                    y.year::text AS year,
                    y.invited_count,
                    y.attended_count,
                    y.late_count,
                    y.absent_count,
                    y.excused_count,
                    y.hours_credited,
                    y.attended_count = 0 AS no_training
                FROM (
                    SELECT COALESCE(p.user_id, d.user_id) AS user_id,
                           COALESCE(p.unit_id, d.unit_id) AS unit_id,
                           COALESCE(p.company_id, d.company_id) AS company_id,
                           COALESCE(p.year, d.year) AS year,
                           COALESCE(d.invited_count, 0) AS invited_count,
                           COALESCE(d.attended_count, 0) AS attended_count,
                           COALESCE(d.late_count, 0) AS late_count,
                           COALESCE(d.absent_count, 0) AS absent_count,
                           COALESCE(d.excused_count, 0) AS excused_count,
                           COALESCE(d.hours_credited, 0.0) AS hours_credited
                      FROM people p
                      FULL OUTER JOIN attended d
                        ON d.user_id = p.user_id AND d.company_id = p.company_id
                       AND d.year = p.year
                ) y
            )
        """)
