from odoo.tests import tagged

from .common import TrainingFiguresCase


@tagged("post_install", "-at_install")
class TestZugongTrainingReports(TrainingFiguresCase):

    def _person_rows(self, year):
        rows = self.env["zugong.training.person.report"].with_user(self.hr_user).search(
            [("year", "=", year), ("user_id", "in", self.people.ids)]
        )
        return {
            row.user_id: (row.unit_id, row.invited_count, row.attended_count, row.late_count,
                          row.absent_count, row.excused_count, row.hours_credited, row.no_training)
            for row in rows
        }

    def test_hours_per_person_per_year(self):
        self.assertEqual(self._person_rows("2026"), {
            self.district_officer: (self.district, 2, 2, 0, 0, 0, 8.0, False),
            self.district_head: (self.district, 1, 0, 0, 0, 1, 0.0, True),
            self.county_officer: (self.county, 2, 2, 1, 0, 0, 5.0, False),
            self.point_officer: (self.point, 2, 1, 1, 1, 0, 1.0, False),
        })
        self.assertEqual(self._person_rows("2025"), {
            self.district_officer: (self.district, 1, 1, 0, 0, 0, 6.0, False),
            self.district_head: (self.district, 0, 0, 0, 0, 0, 0.0, True),
            self.county_officer: (self.county, 0, 0, 0, 0, 0, 0.0, True),
            self.point_officer: (self.point, 0, 0, 0, 0, 0, 0.0, True),
        })

    def test_people_with_no_training_this_year(self):
        rows = self.env["zugong.training.person.report"].with_user(self.hr_user).search([
            ("year", "=", "2026"), ("no_training", "=", True), ("user_id", "in", self.people.ids),
        ])
        self.assertEqual(rows.user_id, self.district_head)

    def test_a_person_who_left_keeps_the_hours(self):
        self.county_officer.zugong_member_ids.action_archive()
        rows = self._person_rows("2026")
        self.assertEqual(rows[self.county_officer], (self.county, 2, 2, 1, 0, 0, 5.0, False))

    def _rates(self, groupby, domain):
        Report = self.env["zugong.training.attendance.report"].with_user(self.hr_user)
        return {
            group: (invited, attended, round(rate, 2), hours)
            for group, invited, attended, rate, hours in Report._read_group(
                [("user_id", "in", self.people.ids), *domain], [groupby],
                ["invited_count:sum", "attended_count:sum", "attendance_rate:avg",
                 "hours_credited:sum"],
            )
        }

    def test_attendance_rate_per_unit(self):
        this_year = [("date", ">=", "2026-01-01"), ("date", "<=", "2026-12-31")]
        self.assertEqual(self._rates("unit_id", this_year), {
            self.district: (3, 2, 66.67, 8.0),
            self.county: (2, 2, 100.0, 5.0),
            self.point: (2, 1, 50.0, 1.0),
        })
        self.assertEqual(self._rates("unit_id", [])[self.district], (4, 3, 75.0, 14.0))

    def test_attendance_rate_per_kind(self):
        self.assertEqual(self._rates("kind_id", [("date", ">=", "2026-01-01")]), {
            self.kind: (3, 2, 66.67, 9.0),
            self.lecture: (4, 3, 75.0, 5.0),
        })

    def test_sessions_with_their_counts(self):
        Report = self.env["zugong.training.session.report"].with_user(self.hr_user)
        rows = Report.search([("session_id", "in", (self.s1 | self.s2 | self.s3 | self.s4 | self.s5).ids)])
        figures = {
            row.session_id: (row.state, row.invited_count, row.present_count, row.late_count,
                             row.absent_count, row.excused_count, row.unmarked_count,
                             round(row.attendance_rate, 2), row.hours_credited)
            for row in rows
        }
        self.assertEqual(figures, {
            self.s1: ("done", 3, 1, 1, 1, 0, 0, 66.67, 9.0),
            self.s2: ("done", 4, 2, 1, 0, 1, 0, 75.0, 5.0),
            self.s3: ("done", 1, 1, 0, 0, 0, 0, 100.0, 6.0),
            self.s4: ("confirmed", 1, 1, 0, 0, 0, 0, 100.0, 6.0),
        })
