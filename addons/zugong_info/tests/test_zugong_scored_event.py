"""Every scored event (adoption, forwarding, instruction, concealment, error notice, score
adjustment) is scored when created, scored again when what is scored changes, its points
go when it is deleted; in a closed period none of that can happen, by the ORM or by SQL,
while a note still can, without rescoring."""
from datetime import date

import psycopg2

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import ZugongCase


@tagged("post_install", "-at_install")
class TestZugongScoredEvent(ZugongCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.district | cls.county).signoff_required = False
        Publication = cls.env["zugong.publication"]
        cls.city = Publication.create({"name": "City Bulletin", "level": "city"})
        cls.province = Publication.create({"name": "Province Bulletin", "level": "province"})
        cls._ruleset([
            {"kind": "adoption", "level": "city", "points": 20},
            {"kind": "adoption", "level": "province", "points": 40},
            {"kind": "forward", "points": 5},
            {"kind": "instruction", "leader_level": "city", "points": 10},
            {"kind": "instruction", "leader_level": "province", "points": 30},
            {"kind": "urgent", "urgent_event": "concealed", "points": 200},
            {"kind": "adjustment", "points_max": 20},
            {"kind": "error_notice", "points": 2},
            {"kind": "error_notice", "error_kind": "political", "points": 5},
        ], year=2026)
        with freeze_time("2026-03-02 09:00:00"):
            cls.item = cls._submitted_item()
        cls.item.with_user(cls.research_user).action_receive()

    def _events(self):
        """One event of each kind in March, with a scored change and its points before
        and after it."""
        adoption = self._adopted(self.item, self.city, date(2026, 3, 5))
        forward = self.env["zugong.item.forward"].create(
            {"item_id": self.item.id, "publication_id": self.province.id, "date": date(2026, 3, 6)})
        instruction = self.env["zugong.instruction"].create(
            {"item_id": self.item.id, "date": date(2026, 3, 9), "text": "Good", "leader_level": "city"})
        concealment = self.env["zugong.urgent.concealment"].create(
            {"name": "Flood", "unit_id": self.county.id, "event_time": "2026-03-12 06:00:00"})
        adjustment = self.env["zugong.score.adjustment"].create({
            "unit_id": self.county.id, "date": date(2026, 3, 16), "points": 10, "reason": "Well organised",
            "rule_id": self.env["zugong.ruleset"]._in_force(self.company, 2026).rule_ids.filtered(
                lambda rule: rule.kind == "adjustment").id})
        error_notice = self.env["zugong.error.notice"].create(
            {"name": "差错通报〔2026〕1号", "item_id": self.item.id, "date": date(2026, 3, 13)})
        return [
            (adoption, {"publication_id": self.province.id}, 20, 40),
            (forward, {"date": date(2026, 3, 7)}, 5, 5),
            (instruction, {"leader_level": "province"}, 10, 30),
            (concealment, {"unit_id": self.district.id}, -200, -200),
            (adjustment, {"points": -15}, 10, -15),
            (error_notice, {"error_kind": "political"}, -2, -5),
        ]

    @staticmethod
    def _note(event, text):
        """A change of what is not scored: the note, the leader's name of an instruction or
        the description of an error notice."""
        field = {"zugong.instruction": "leader_name", "zugong.error.notice": "description"}.get(event._name, "note")
        return {field: text}

    def _lines(self, event):
        self.env.invalidate_all()
        return self.env["zugong.score.line"].search(
            [("source_model", "=", event._name), ("source_id", "=", event.id), ("subject", "=", "unit")])

    def test_scored_on_create_change_and_delete(self):
        for event, change, before, after in self._events():
            with self.subTest(model=event._name):
                self.assertEqual(sum(self._lines(event).mapped("points")), before)
                event.write(change)
                self.assertEqual(sum(self._lines(event).mapped("points")), after)
                lines = self._lines(event)
                event.write(self._note(event, "Seen by the head of the office"))
                self.assertEqual(self._lines(event), lines, "a note does not rescore")
                event.unlink()
                self.assertFalse(lines.exists())

    def test_closed_period_freezes_what_is_scored_not_the_note(self):
        events = self._events()
        march = self.env["zugong.period"]._ensure(self.company, "month", date(2026, 3, 1))
        march.with_user(self.research_user).action_close()
        for event, change, _before, _after in events:
            with self.subTest(model=event._name):
                lines = self._lines(event)
                points = sum(lines.mapped("points"))
                with self.assertRaisesRegex(UserError, "closed"):
                    event.write(change)
                with self.assertRaisesRegex(UserError, "closed"):
                    event.unlink()
                column = next(iter(change))
                with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation) as refusal:
                    with self.env.cr.savepoint():
                        self.env.cr.execute(f"UPDATE {event._table} SET {column} = %s WHERE id = %s",
                                            [change[column], event.id])
                self.assertEqual(refusal.exception.diag.constraint_name, "zugong_period_closed_frozen")
                note = self._note(event, "Noted after the close")
                event.write(note)
                self.assertEqual(self._lines(event), lines)
                self.assertEqual(sum(self._lines(event).mapped("points")), points)
                self.assertEqual(event[next(iter(note))], "Noted after the close")

    def test_an_event_cannot_be_created_in_a_closed_period(self):
        march = self.env["zugong.period"]._ensure(self.company, "month", date(2026, 3, 1))
        march.with_user(self.research_user).action_close()
        before = self.env["zugong.score.line"].search_count([])
        with self.assertRaisesRegex(UserError, "closed"):
            self.env["zugong.instruction"].create(
                {"item_id": self.item.id, "date": date(2026, 3, 20), "text": "Late", "leader_level": "city"})
        with self.assertRaisesRegex(UserError, "closed"):
            self.env["zugong.urgent.concealment"].create(
                {"name": "Fire", "unit_id": self.county.id, "event_time": "2026-03-25 06:00:00"})
        with self.assertRaisesRegex(UserError, "closed"):
            self.env["zugong.error.notice"].create(
                {"name": "差错通报〔2026〕2号", "unit_id": self.county.id, "date": date(2026, 3, 26)})
        self.assertEqual(self.env["zugong.score.line"].search_count([]), before)

    def test_the_database_freezes_error_notices_of_a_closed_period(self):
        """Inserted, moved out of or deleted from a closed month by SQL: the period's
        triggers refuse."""
        notice = self.env["zugong.error.notice"].create(
            {"name": "差错通报〔2026〕3号", "item_id": self.item.id, "date": date(2026, 3, 13)})
        march = self.env["zugong.period"]._ensure(self.company, "month", date(2026, 3, 1))
        march.with_user(self.research_user).action_close()
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*) FROM zugong_error_notice")
        count = self.env.cr.fetchone()[0]
        lines = self._lines(notice)
        for query, params in (
            ("INSERT INTO zugong_error_notice (name, date, unit_id, error_kind, company_id)"
             " VALUES ('差错通报〔2026〕4号', '2026-03-20', %s, 'figures', %s)",
             [self.county.id, self.company.id]),
            ("UPDATE zugong_error_notice SET date = '2026-04-02' WHERE id = %s", [notice.id]),
            ("UPDATE zugong_error_notice SET unit_id = %s WHERE id = %s", [self.county.id, notice.id]),
            ("DELETE FROM zugong_error_notice WHERE id = %s", [notice.id]),
        ):
            with self.subTest(query=query), mute_logger("odoo.sql_db"), \
                    self.assertRaises(psycopg2.errors.CheckViolation) as refusal:
                with self.env.cr.savepoint():
                    self.env.cr.execute(query, params)
            self.assertEqual(refusal.exception.diag.constraint_name, "zugong_period_closed_frozen")
        self.env.cr.execute("SELECT count(*) FROM zugong_error_notice")
        self.assertEqual(self.env.cr.fetchone()[0], count)
        self.assertRecordValues(notice, [{"date": date(2026, 3, 13), "unit_id": self.district.id}])
        self.assertEqual(self._lines(notice), lines)
        self.assertEqual(sum(lines.mapped("points")), -2)
