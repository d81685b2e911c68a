from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongBulletin(ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Publication = cls.env["zugong.publication"]
        cls.own = Publication.create({"name": "City Bulletin", "level": "city", "is_own": True,
                                      "company_id": cls.company.id})
        cls.province = Publication.create({"name": "Province Bulletin", "level": "province"})
        cls.central = Publication.create({"name": "Central Bulletin", "level": "central"})
        cls.first = cls._received_item()
        cls.second = cls._received_item(unit=cls.county, author=cls.county_officer)

    @classmethod
    def _received_item(cls, unit=None, author=None):
        item = cls._submitted_item(unit, author)
        item.with_user(cls.research_user).action_receive()
        return item

    def _bulletin(self, **values):
        return self.env["zugong.bulletin"].with_user(self.research_user).with_context(
            default_publication_id=self.own.id
        ).create({"publication_id": self.own.id, "year": 2026, "date": date(2026, 5, 10), **values})

    def test_numbers_follow_each_other(self):
        first = self._bulletin()
        second = self._bulletin()
        self.assertEqual(second.number, first.number + 1)
        self.assertIn(str(second.number), second.name)
        with self.assertDatabaseRefuses("zugong_bulletin_number_uniq", "期号"):
            self._bulletin(number=first.number)

    def test_compile_and_publish_records_adoptions(self):
        bulletin = self._bulletin()
        wizard = self.env["zugong.bulletin.compile"].with_user(self.research_user).with_context(
            default_bulletin_id=bulletin.id
        ).create({"form": "brief"})
        self.assertLessEqual(self.first | self.second, wizard.item_ids)
        wizard.item_ids = self.first | self.second
        wizard.action_confirm()
        self.assertEqual(bulletin.line_ids.item_id, self.first | self.second)
        bulletin.line_ids.filtered(lambda line: line.item_id == self.first).form = "full"

        bulletin.with_user(self.research_user).action_publish()
        self.assertEqual(bulletin.state, "published")
        adoptions = bulletin.adoption_ids
        self.assertEqual(adoptions.item_id, self.first | self.second)
        self.assertEqual(adoptions.filtered(lambda a: a.item_id == self.first).form, "full")
        self.assertEqual(adoptions.filtered(lambda a: a.item_id == self.second).form, "brief")
        self.assertEqual(set(adoptions.mapped("date")), {date(2026, 5, 10)})
        self.assertEqual(set(adoptions.mapped("level")), {"city"})
        self.assertEqual((self.first | self.second).mapped("state"), ["adopted", "adopted"])
        notice = self.first.message_ids.filtered(lambda m: "Adopted by" in (m.body or ""))
        self.assertIn(self.district_officer.partner_id, notice.partner_ids)
        with self.assertRaises(UserError):
            bulletin.action_publish()

    def test_issue_readable_as_html(self):
        bulletin = self._bulletin()
        bulletin.line_ids = [(0, 0, {"item_id": self.first.id, "sequence": 1}),
                             (0, 0, {"item_id": self.second.id, "sequence": 2, "title": "Printed title"})]
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "zugong_info.report_bulletin", bulletin.ids
        )
        html = html.decode()
        self.assertIn("City Bulletin", html)
        self.assertLess(html.index(self.first.name), html.index("Printed title"))

    def test_withdrawing_removes_its_adoptions(self):
        bulletin = self._bulletin()
        bulletin.line_ids = [(0, 0, {"item_id": self.first.id})]
        bulletin.action_publish()
        bulletin.action_reset_to_draft()
        self.assertFalse(bulletin.adoption_ids)
        self.assertEqual(self.first.state, "received")

    def test_higher_adoptions_and_uniqueness(self):
        Adoption = self.env["zugong.adoption"].with_user(self.research_user)
        values = {"item_id": self.first.id, "publication_id": self.province.id,
                  "issue_number": "2026年第7期", "form": "combined", "date": date(2026, 6, 1)}
        Adoption.create(values)
        Adoption.create(dict(values, publication_id=self.central.id, issue_number="第12期"))
        Adoption.create(dict(values, issue_number="2026年第8期"))
        self.assertEqual(len(self.first.adoption_ids), 3)
        self.assertEqual(self.first.state, "adopted")
        with self.assertDatabaseRefuses("zugong_adoption_item_issue_uniq", "已在该期"):
            Adoption.create(values)

    def test_same_item_twice_in_one_own_issue_refused_by_the_database(self):
        bulletin = self._bulletin()
        bulletin.line_ids = [(0, 0, {"item_id": self.first.id})]
        bulletin.action_publish()
        with self.assertDatabaseRefuses("zugong_adoption_item_bulletin_uniq", "已在该期"):
            self.env["zugong.adoption"].create({
                "item_id": self.first.id, "publication_id": self.own.id, "bulletin_id": bulletin.id,
            })

    def test_adoption_needs_a_submitted_item(self):
        draft = self._item()
        with self.assertRaisesRegex(UserError, "not been submitted"):
            self.env["zugong.adoption"].create({
                "item_id": draft.id, "publication_id": self.province.id, "issue_number": "1",
            })

    def test_adoption_after_forwarding_is_linked(self):
        forward = self.env["zugong.item.forward"].create(
            {"item_id": self.first.id, "publication_id": self.province.id}
        )
        adoption = self.env["zugong.adoption"].create({
            "item_id": self.first.id, "publication_id": self.province.id, "issue_number": "3",
        })
        self.assertEqual(adoption.forward_id, forward)

    def test_adoption_of_a_submitted_item_receives_it(self):
        section_officer = self._user("t_section_officer", "zugong_info.group_officer", self.section)
        item = self._submitted_item(unit=self.section, author=section_officer)
        self.env["zugong.adoption"].create({
            "item_id": item.id, "publication_id": self.province.id, "issue_number": "5",
        })
        self.assertEqual(item.state, "adopted")
        self.assertTrue(item.received_on)
