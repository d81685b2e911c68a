from datetime import date

from psycopg2 import IntegrityError

from odoo.service.model import _as_validation_error
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger


class ZugongCase(TransactionCase):
    """A small city: the city root with a district (a township and its direct-report
    point below it), a county and a section, plus one user per group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # messages are checked in English; the Chinese ones by tests that ask for them
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Department"})
        Unit = cls.env["zugong.unit"]
        cls.category = cls.env["zugong.unit.category"].create(
            {"name": "Test category", "monthly_min_submissions": 4}
        )
        cls.city = Unit.create({"name": "City", "code": "T-CITY"})
        cls.district = Unit.create({
            "name": "District", "code": "T-D1", "kind": "county",
            "parent_id": cls.city.id, "category_id": cls.category.id,
        })
        cls.township = Unit.create({
            "name": "Township", "code": "T-D1-T1", "kind": "township", "parent_id": cls.district.id,
        })
        cls.point = Unit.create({
            "name": "Point", "code": "T-D1-T1-P", "kind": "point", "parent_id": cls.township.id,
        })
        cls.county = Unit.create({
            "name": "County", "code": "T-C2", "kind": "county", "parent_id": cls.city.id,
        })
        cls.section = Unit.create({
            "name": "Section", "code": "T-S1", "kind": "section", "parent_id": cls.city.id,
        })
        cls.foreign_unit = Unit.create({
            "name": "Foreign", "code": "T-F", "company_id": cls.other_company.id,
        })

        cls.research_user = cls._user("t_research", "zugong_info.group_research")
        cls.hr_user = cls._user("t_hr", "zugong_info.group_hr")
        cls.finance_user = cls._user("t_finance", "zugong_info.group_finance")
        cls.district_head = cls._user("t_district_head", "zugong_info.group_unit_head", cls.district)
        cls.district_officer = cls._user("t_district_officer", "zugong_info.group_officer", cls.district)
        cls.county_officer = cls._user("t_county_officer", "zugong_info.group_officer", cls.county)
        cls.point_officer = cls._user(
            "t_point_officer", "zugong_info.group_officer", cls.point, portal=True
        )

    @classmethod
    def _user(cls, login, group, unit=None, portal=False):
        user_type = "base.group_portal" if portal else "base.group_user"
        user = new_test_user(
            cls.env, login=login, groups=f"{user_type},{group}", lang="en_US",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        if unit:
            cls.env["zugong.unit.member"].create({"unit_id": unit.id, "user_id": user.id})
        return user

    @classmethod
    def _outsider(cls, login):
        """A user of the other company only."""
        return new_test_user(
            cls.env, login=login, groups="base.group_user",
            company_id=cls.other_company.id, company_ids=[cls.other_company.id],
        )

    def assertDatabaseRefuses(self, constraint, chinese_fragment):
        """The database refuses the change in the block with ``constraint``, and the
        message a Chinese user would see contains ``chinese_fragment``."""
        return _DatabaseRefusal(self, constraint, chinese_fragment)

    @classmethod
    def _register(cls, unit, user, date_from=date(2026, 1, 1), date_to=False, **values):
        return cls.env["zugong.officer"].create({
            "unit_id": unit.id, "user_id": user.id, "date_from": date_from,
            "date_to": date_to, "state": "registered", **values,
        })


class _DatabaseRefusal:
    def __init__(self, case, constraint, chinese_fragment):
        self.case = case
        self.constraint = constraint
        self.chinese_fragment = chinese_fragment

    def __enter__(self):
        self.raises = self.case.assertRaises(IntegrityError)
        self.muted = mute_logger("odoo.sql_db")
        self.muted.__enter__()
        self.context = self.raises.__enter__()
        return self.context

    def __exit__(self, exc_type, exc_value, traceback):
        try:
            suppressed = self.raises.__exit__(exc_type, exc_value, traceback)
        finally:
            self.muted.__exit__(None, None, None)
        error = self.context.exception
        self.case.assertEqual(error.diag.constraint_name, self.constraint)
        chinese_env = self.case.env(context=dict(self.case.env.context, lang="zh_CN"))
        message = str(_as_validation_error(chinese_env, error))
        self.case.assertIn(self.chinese_fragment, message)
        return suppressed
