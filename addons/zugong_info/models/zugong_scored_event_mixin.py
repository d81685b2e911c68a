from datetime import datetime

from odoo import api, models

from ..tools import event_dates


class ZugongScoredEventMixin(models.AbstractModel):
    """An event that earns or costs points (an adoption, a forwarding, a leader's
    instruction, a concealed urgent event, an error notice): scored when it is created,
    scored again when what is scored of it changes (``_scored_fields``), its points
    removed when it is deleted, all in the same transaction. Dated in a closed period
    (``_event_date_field``), it can be neither created, nor changed in what is scored,
    nor deleted: the model refuses with the period's name, and the database refuses every
    other path (the period's triggers freeze the same columns, see zugong.period). Its
    other fields (a note, the feedback on an instruction) change without rescoring, also
    in a closed period."""

    _name = "zugong.scored.event.mixin"
    _description = "Scored Event"

    # the columns that scoring reads, frozen in a closed period (with company_id)
    _scored_fields = ()
    _event_date_field = "date"
    # the dates checked to lie in the range of events' dates (tools/event_dates.py)
    _checked_date_fields = ()

    def _check_event(self):
        """An event's own rules, beyond its period: checked on the values of new events
        before their insert (nothing of a refused event is written), and after a change of
        what is scored."""

    def _rescore(self):
        """Writes the score lines of these events (and of those their points depend on)."""
        raise NotImplementedError

    @api.model
    def _event_day_sql(self, row):
        """SQL of the event's day for the row named ``row`` (the database's freeze)."""
        if self._fields[self._event_date_field].type == "datetime":
            return f"zugong_local_date({row}.company_id, {row}.{self._event_date_field})"
        return f"{row}.{self._event_date_field}"

    @api.model
    def _event_dates_checked(self):
        return {self._event_date_field, *self._checked_date_fields}

    def _check_unfrozen(self):
        def day(event):
            value = event[self._event_date_field]
            return event.company_id._zugong_local_date(value) if isinstance(value, datetime) else value
        self.env["zugong.period"]._freeze_check([(event.company_id, day(event)) for event in self])

    @api.model_create_multi
    def create(self, vals_list):
        event_dates.check_dates(self, vals_list, self._event_dates_checked())
        # checked before the insert, so that the user reads which period is closed
        defaults = self.default_get([self._event_date_field, "company_id"])
        drafts = self.browse().concat(*(self.new({**defaults, **vals}) for vals in vals_list))
        drafts._check_unfrozen()
        drafts._check_event()
        events = super().create(vals_list)
        events._rescore()
        return events

    def write(self, vals):
        event_dates.check_dates(self, [vals], self._event_dates_checked())
        # scoring reads the company too (its rule set)
        scored = bool({*self._scored_fields, "company_id"} & set(vals))
        if scored:
            self._check_unfrozen()
        result = super().write(vals)
        if scored:
            self._check_unfrozen()
            self._check_event()
            self._rescore()
        return result

    def unlink(self):
        self._check_unfrozen()
        self.env["zugong.scoring"]._replace_lines(self._name, self.ids, [])
        return super().unlink()
