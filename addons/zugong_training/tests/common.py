from datetime import datetime, timedelta

from odoo.addons.zugong_info.tests.common import ZugongCase

# 2026-03-05 09:00 in Shanghai: sessions of the tests start then and last three hours.
START = datetime(2026, 3, 5, 1, 0)


class ZugongTrainingCase(ZugongCase):
    """ZugongCase's small city with a registered officer for the district, the county and
    the direct-report point (a portal user), the company's training rule set explicitly,
    and a session kind of six hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({
            "zugong_training_signin_lead": 30,
            "zugong_training_late_minutes": 15,
            "zugong_training_late_percent": 50.0,
            "zugong_training_absence_demerit": False,
        })
        cls.kind = cls.env["zugong.training.kind"].create({"name": "Course", "default_hours": 6})
        cls.district_registration = cls._register(cls.district, cls.district_officer)
        cls.county_registration = cls._register(cls.county, cls.county_officer)
        cls.point_registration = cls._register(cls.point, cls.point_officer)

    @classmethod
    def _session(cls, start=START, duration=3, **values):
        """A planned session made by HR, starting at ``start`` (UTC)."""
        return cls.env["zugong.training.session"].with_user(cls.hr_user).create({
            "name": "Writing course",
            "kind_id": cls.kind.id,
            "date_start": start,
            "date_end": start + timedelta(hours=duration),
            "date_tz": "Asia/Shanghai",
            **values,
        })

    @classmethod
    def _confirmed_session(cls, units=None, **values):
        """A confirmed session inviting the officers of ``units`` (district and county by
        default)."""
        units = units if units is not None else cls.district | cls.county
        session = cls._session(unit_ids=units.ids, **values)
        session.action_confirm()
        return session

    def _attendance(self, session, user):
        return session.attendance_ids.filtered(lambda a: a.user_id == user)
