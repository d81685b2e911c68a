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


class TrainingFiguresCase(ZugongTrainingCase):
    """Closed sessions with known attendance, counted by hand:

    ======================  ==========  ================  ===============  ============
    session                 officer D   head D            officer C        officer P
    ======================  ==========  ================  ===============  ============
    S1 2026-03 course, 6h   present 6   -                 late 3           absent 0
    S2 2026-06 lecture, 2h  present 2   excused 0         present 2        late 1
    S3 2025-11 course, 6h   present 6   -                 -                -
    S4 2026-09 course open  -           -                 present (open)   -
    S5 2026-10 cancelled    invited     -                 -                -
    ======================  ==========  ================  ===============  ============
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lecture = cls.env["zugong.training.kind"].create({"name": "Talk", "default_hours": 2})
        everyone = cls.district | cls.county | cls.point
        cls.s1 = cls._closed(datetime(2026, 3, 5, 1), everyone, {
            cls.district_officer: "present", cls.county_officer: "late", cls.point_officer: "absent",
        })
        cls.s2 = cls._closed(datetime(2026, 6, 10, 1), everyone, {
            cls.district_officer: "present", cls.district_head: "excused",
            cls.county_officer: "present", cls.point_officer: "late",
        }, kind_id=cls.lecture.id, invite_all_members=True)
        # before the registrations of 2026: invited by name
        cls.s3 = cls._closed(datetime(2025, 11, 20, 1), cls.env["zugong.unit"],
                             {cls.district_officer: "present"}, user_ids=cls.district_officer.ids)
        cls.s4 = cls._confirmed_session(units=cls.county, date_start=datetime(2026, 9, 1, 1),
                                        date_end=datetime(2026, 9, 1, 4))
        cls.s4.attendance_ids._mark("present")
        cls.s5 = cls._confirmed_session(units=cls.district, date_start=datetime(2026, 10, 1, 1),
                                        date_end=datetime(2026, 10, 1, 4))
        cls.s5.action_cancel()
        cls.people = cls.district_officer | cls.district_head | cls.county_officer | cls.point_officer

    @classmethod
    def _closed(cls, start, units, states, **values):
        session = cls._session(start=start, unit_ids=units.ids, **values)
        session.action_confirm()
        for user, state in states.items():
            attendance = session.attendance_ids.filtered(lambda a: a.user_id == user)
            attendance._mark(state, "On duty" if state == "excused" else False)
        session.action_done()
        return session
