import logging
from contextlib import closing
from datetime import date, timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.freeze import changed_sql, create_statement_trigger, updated_rows_sql
from ..tools.periods import PERIOD_MONTHS, aligned_start_sql, period_end, period_start
from .zugong_item import SUBMITTED_STATES

_logger = logging.getLogger(__name__)

CLOSED_FROZEN_CONSTRAINT = "zugong_period_closed_frozen"
# What a closed period's figures are computed from, frozen in the database by every path.
# For each table: the company and the date of a row {r} (with the join they need), which
# rows count (an item counts once submitted, and so do its units and authors) and the
# columns whose change changes the figures (None: any change). The scored events
# (zugong.scored.event.mixin) add theirs: see _frozen_events.
_SUBMITTED = "({})".format(", ".join(f"'{state}'" for state in SUBMITTED_STATES))
_OF_ITEM = {"company": "i.company_id", "day": "i.submitted_date",
            "join": "JOIN zugong_item i ON i.id = {r}.item_id", "counts": f"i.state IN {_SUBMITTED}"}
FROZEN_EVENTS = {
    "zugong_item": {"company": "{r}.company_id", "day": "{r}.submitted_date",
                    "counts": "{r}.state IN " + _SUBMITTED, "columns": ("submitted_date", "type_id", "company_id")},
    "zugong_item_unit": dict(_OF_ITEM, columns=("item_id", "unit_id", "share", "sequence")),
    "zugong_item_author_rel": dict(_OF_ITEM, columns=None),
    "zugong_item_unit_ids_rel": dict(_OF_ITEM, columns=None),
}

PERIOD_KINDS = [
    ("week", "Week"),
    ("month", "Month"),
    ("bimonth", "Two Months"),
    ("quarter", "Quarter"),
    ("halfyear", "Half Year"),
    ("year", "Year"),
]
# the kinds notices are made for (a week is a period of the scoring only)
NOTICE_PERIOD_KINDS = [(kind, label) for kind, label in PERIOD_KINDS if kind != "week"]


class ZugongPeriod(models.Model):
    """A reporting period of a company. Closing it freezes the events dated in it (their
    change is refused until the research office reopens the period) and the year's quotas
    once the year is closed.

    No event slips into a period while it closes, and changes of one month never wait for
    each other (a month-end rush of submissions runs side by side):

    - a change of frozen events locks the month rows of its dates FOR SHARE (changes do
      not exclude each other) and writes a mark of its transaction for each month in
      zugong_period_change;
    - closing updates the month rows it spans: it waits for the changes in
      progress, and a change that comes later waits for the close and then fails with a
      serialization error (Odoo retries it and it meets the closed period);
    - a change that committed after the close's snapshot was taken, which the close would
      not see, is found by its mark: the close inserts the marks of every transaction its
      snapshot does not see, in a savepoint rolled back at once, and PostgreSQL refuses
      (serialization error, retried) an insert conflicting with a row the snapshot does
      not see. The marks of a closed month are deleted, and those older than a day (no
      transaction lasts that long) daily."""

    _name = "zugong.period"
    _description = "Reporting Period"
    _inherit = ["zugong.guarded.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, kind"
    _workflow_fields = ("state", "closed_on", "closed_by_id", "change_count")

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(PERIOD_KINDS, "Period Kind", required=True, default="month")
    date_start = fields.Date("Start", required=True)
    date_end = fields.Date("End", compute="_compute_date_end", store=True)
    year = fields.Integer(compute="_compute_date_end", store=True, index=True)
    name = fields.Char(compute="_compute_name")
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")], required=True, default="open", tracking=True
    )
    closed_on = fields.Datetime(readonly=True)
    closed_by_id = fields.Many2one("res.users", "Closed By", readonly=True)
    change_count = fields.Integer(
        readonly=True, default=0,
        help="Closings of the periods spanning this month: each updates the month, so that "
             "it and the changes of the month's events exclude each other.",
    )

    _sql_constraints = [
        ("period_uniq", "UNIQUE (company_id, kind, date_start)", "This period already exists."),
        # Also the constraint under which the database refuses changes of what a closed
        # period's figures are computed from (see init).
        ("closed_frozen", "CHECK (state = 'open' OR closed_on IS NOT NULL)",
         "The period is closed: the events dated in it, and what its figures are computed "
         "from, cannot change until the research office reopens it."),
        (
            "aligned_start",
            f"CHECK ({aligned_start_sql('kind', 'date_start')})",
            "A period starts on the first day of its month, two months, quarter, half year or year; a week on "
            "a Monday.",
        ),
    ]

    def init(self):
        """The freeze of closed periods in the database. A change of an event (or of what
        an item's figures are computed from) dated in a closed period is refused; any other
        change updates the month of its date, so that it and a closing of that month
        exclude each other (see the class docstring). Statement triggers read the changed
        rows once per statement, so that bulk writes pay one check per month touched.
        Runs after the tables of the events exist (their models are loaded first)."""
        self.env.cr.execute(f"""
            CREATE TABLE IF NOT EXISTS zugong_period_change (
                period_id integer NOT NULL REFERENCES zugong_period (id) ON DELETE CASCADE,
                xid xid8 NOT NULL,
                recorded timestamp NOT NULL DEFAULT now(),
                PRIMARY KEY (period_id, xid)
            );
            CREATE INDEX IF NOT EXISTS zugong_period_change_recorded_idx ON zugong_period_change (recorded);
            -- the period of a company, kind and dates, inserted when missing: the one
            -- place a period row is made, by the ORM (zugong.period._ensure) and by the
            -- events' triggers alike
            CREATE OR REPLACE FUNCTION zugong_period_ensure(company integer, period_kind varchar, first_day date,
                                                            last_day date, author integer) RETURNS integer
            LANGUAGE plpgsql AS $$
            DECLARE
                found integer;
            BEGIN
                INSERT INTO zugong_period (company_id, kind, date_start, date_end, year, state, change_count,
                                           create_uid, write_uid, create_date, write_date)
                VALUES (company, period_kind, first_day, last_day, extract(year FROM first_day)::integer, 'open', 0,
                        author, author, now() at time zone 'utc', now() at time zone 'utc')
                ON CONFLICT (company_id, kind, date_start) DO NOTHING
                RETURNING id INTO found;
                IF found IS NULL THEN
                    SELECT id INTO found FROM zugong_period
                     WHERE company_id = company AND kind = period_kind AND date_start = first_day;
                END IF;
                RETURN found;
            END
            $$;
            CREATE OR REPLACE FUNCTION zugong_period_touch(company integer, day date) RETURNS void
            LANGUAGE plpgsql AS $$
            DECLARE
                month_id integer;
            BEGIN
                IF company IS NULL THEN  -- (an adoption's company is written just after it)
                    RETURN;
                END IF;
                SELECT id INTO month_id FROM zugong_period
                 WHERE company_id = company AND kind = 'month' AND date_start = date_trunc('month', day)::date
                   FOR SHARE;
                IF month_id IS NULL THEN
                    month_id := zugong_period_ensure(company, 'month', date_trunc('month', day)::date,
                                                     (date_trunc('month', day) + interval '1 month - 1 day')::date,
                                                     NULL);
                    PERFORM FROM zugong_period WHERE id = month_id FOR SHARE;
                END IF;
                IF EXISTS (SELECT 1 FROM zugong_period
                            WHERE company_id = company AND state = 'closed'
                              AND date_start <= day AND date_end >= day) THEN
                    RAISE EXCEPTION USING
                        ERRCODE = 'check_violation',
                        CONSTRAINT = '{CLOSED_FROZEN_CONSTRAINT}',
                        TABLE = 'zugong_period',
                        MESSAGE = format('the period covering %s is closed', day);
                END IF;
                INSERT INTO zugong_period_change (period_id, xid) VALUES (month_id, pg_current_xact_id())
                    ON CONFLICT DO NOTHING;
            END
            $$;
            CREATE OR REPLACE FUNCTION zugong_period_row_guard() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.state = 'closed' AND (TG_OP = 'DELETE' OR
                        ROW(NEW.company_id, NEW.kind, NEW.date_start)
                        IS DISTINCT FROM ROW(OLD.company_id, OLD.kind, OLD.date_start)) THEN
                    RAISE EXCEPTION USING
                        ERRCODE = 'check_violation',
                        CONSTRAINT = '{CLOSED_FROZEN_CONSTRAINT}',
                        TABLE = 'zugong_period',
                        MESSAGE = 'a closed period cannot be moved nor deleted';
                END IF;
                RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END
            $$;
            DROP TRIGGER IF EXISTS zugong_period_row_guard ON zugong_period;
            CREATE TRIGGER zugong_period_row_guard BEFORE UPDATE OR DELETE ON zugong_period
                FOR EACH ROW EXECUTE FUNCTION zugong_period_row_guard();
        """)
        for table, spec in self._frozen_events().items():
            match = "o.item_id = n.item_id" if table.endswith("_rel") else "o.id = n.id"
            counts = spec.get("counts", "true")
            changes = [changed_sql(spec["columns"], "o", "n")] if spec["columns"] else []
            if "{r}" in counts:  # the row's own state decides whether it counts
                changes.append(f"({counts.format(r='o')}) IS DISTINCT FROM ({counts.format(r='n')})")
            changed = " OR ".join(changes) if spec["columns"] is not None else "true"
            both_versions = updated_rows_sql("{r}.*", changed, match)
            for operation, rows in (
                ("insert", "SELECT * FROM new_rows"),
                ("delete", "SELECT * FROM old_rows"),
                ("update", both_versions),
            ):
                create_statement_trigger(self.env.cr, table, f"{table}_period_{operation}", operation, f"""
                    PERFORM zugong_period_touch(company, day)
                       FROM (SELECT DISTINCT {spec['company'].format(r='r')} AS company,
                                             {spec['day'].format(r='r')} AS day
                               FROM ({rows}) r {spec.get('join', '').format(r='r')}
                              WHERE {spec['day'].format(r='r')} IS NOT NULL
                                AND {counts.format(r='r')}) touched;
                """)

    @api.model
    def _frozen_events(self):
        """FROZEN_EVENTS and every scored event's table, with the columns it is scored on."""
        events = dict(FROZEN_EVENTS)
        for name in self.env.registry.descendants(["zugong.scored.event.mixin"], "_inherit"):
            model = self.env[name]
            if not model._abstract:
                events[model._table] = {"company": "{r}.company_id", "day": model._event_day_sql("{r}"),
                                        "columns": (*model._scored_fields, "company_id")}
        return events

    @api.depends("kind", "date_start")
    def _compute_date_end(self):
        for period in self:
            if period.kind and period.date_start:
                period.date_end = period_end(period.kind, period.date_start)
                period.year = period.date_start.year
            else:
                period.date_end = period.year = False

    def _lines_date(self):
        """The date of the period's score lines: its last day, within its year (a week
        from the end of December is its Monday's year's)."""
        self.ensure_one()
        return min(self.date_end, date(self.year, 12, 31))

    @api.depends("kind", "date_start")
    @api.depends_context("lang")
    def _compute_name(self):
        for period in self:
            period.name = period._label()

    def _label(self):
        self.ensure_one()
        if not self.date_start:
            return ""
        start = self.date_start
        if self.kind == "week":
            return _("Week of %s", start.isoformat())
        if self.kind == "month":
            return _("%(year)s-%(month)02d", year=start.year, month=start.month)
        if self.kind == "bimonth":
            return _("%(year)s months %(first)s-%(last)s",
                     year=start.year, first=start.month, last=start.month + 1)
        if self.kind == "quarter":
            return _("%(year)s Q%(quarter)s", year=start.year, quarter=(start.month + 2) // 3)
        if self.kind == "halfyear":
            return _("%(year)s first half", year=start.year) if start.month == 1 else \
                _("%(year)s second half", year=start.year)
        return _("Year %(year)s", year=start.year)

    # ------------------------------------------------------------------ lookups

    @api.model
    def _ensure(self, company, kind, day):
        """The period of ``kind`` containing ``day``, created when missing."""
        start = period_start(kind, day)
        self.env.cr.execute("SELECT zugong_period_ensure(%s, %s, %s, %s, %s)",
                            [company.id, kind, start, period_end(kind, start), self.env.uid])
        return self.browse(self.env.cr.fetchone()[0])

    @api.model
    def _closed_covering(self, company, day):
        return self.search([
            ("company_id", "=", company.id), ("state", "=", "closed"),
            ("date_start", "<=", day), ("date_end", ">=", day),
        ], limit=1)

    @api.model
    def _freeze_check(self, events):
        """Refuse changes of events dated in a closed period; otherwise mark their months
        as changed. ``events`` is a list of (company, date) pairs."""
        months = set()
        for company, day in events:
            if not day or not company:
                continue
            closed = self._closed_covering(company, day)
            if closed:
                raise UserError(_(
                    "%(period)s is closed: events dated %(date)s cannot change until the "
                    "research office reopens the period.", period=closed.name, date=day,
                ))
            months.add((company.id, period_start("month", day)))
        for company_id, start in sorted(months):
            self.env.cr.execute("SELECT zugong_period_touch(%s, %s)", [company_id, start])

    def _touch_months(self):
        """Update the month periods the periods span, then make sure no change of them
        committed unseen (see the class docstring)."""
        months = self.browse()
        for period in self:
            day = period.date_start
            while day <= period.date_end:
                months |= period._ensure(period.company_id, "month", day)
                day = period_end("month", day) + timedelta(days=1)
        cr = self.env.cr
        cr.execute("UPDATE zugong_period SET change_count = change_count + 1 WHERE id = ANY(%s)", [months.ids])
        self.invalidate_model(["change_count"])
        # The marks of the transactions this snapshot does not see: in progress when it was
        # taken, or started since.
        with closing(cr.savepoint(flush=False)):
            cr.execute("""
                WITH snapshot AS (SELECT pg_current_snapshot() AS taken)
                INSERT INTO zugong_period_change (period_id, xid)
                SELECT month.id, unseen.xid
                  FROM unnest(%s::integer[]) month(id),
                       (SELECT pg_snapshot_xip(taken) AS xid FROM snapshot
                         UNION
                        SELECT number::text::xid8
                          FROM snapshot, generate_series(pg_snapshot_xmax(taken)::text::bigint,
                                                         pg_current_xact_id()::text::bigint - 1) number) unseen
                    ON CONFLICT DO NOTHING
            """, [months.ids])
        return months

    @api.model
    def _create_year(self, company, year):
        """All the periods of a year."""
        periods = self.browse()
        for kind, months in PERIOD_MONTHS.items():
            for month in range(1, 13, months):
                periods |= self._ensure(company, kind, fields.Date.to_date(f"{year}-{month:02d}-01"))
        return periods

    # ------------------------------------------------------------------ closing

    @api.model
    def _set_schedule(self, company, close_mode, grace_days, warning_days):
        """The research office sets when the periods of its company close (by hand,
        automatically or proposed, after the grace days) and when mid-period warnings go
        out: settings of the company, which only managers write otherwise."""
        self._check_research_office()
        if company not in self.env.user.company_ids:
            raise AccessError(_("%s is not one of your companies.", company.name))
        company.sudo().write({
            "zugong_period_close_mode": close_mode, "zugong_period_grace_days": grace_days,
            "zugong_warning_days": warning_days,
        })

    def _check_research_office(self):
        if not self.env.su and not self.env.user.has_group("zugong_info.group_research"):
            raise UserError(_("Only the research office can close and reopen periods."))

    def action_close(self):
        self._check_research_office()
        for period in self:
            if period.state == "closed":
                raise UserError(_("%s is already closed.", period.name))
        for period in self.sorted("date_start"):
            months = period._touch_months()
            # no change of a closed month can be unseen by a later close: its marks go
            self.env.cr.execute("DELETE FROM zugong_period_change WHERE period_id = ANY(%s)", [months.ids])
            period._on_close()
            period.sudo().write({
                "state": "closed", "closed_on": fields.Datetime.now(), "closed_by_id": self.env.user.id,
            })
            period.message_post(body=_("Closed."))
            # the proposals to close it are done
            period.sudo().activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def _on_close(self):
        """Closing a period writes its period-based score lines and locks the rule set
        in force for its year."""
        self.ensure_one()
        ruleset = self.env["zugong.ruleset"].sudo()._in_force(self.company_id, self.year)
        if ruleset.state == "active":
            ruleset.state = "locked"
        self.env["zugong.scoring"].sudo()._score_period(self)

    def action_reopen(self, reason):
        self._check_research_office()
        if not (reason or "").strip():
            raise UserError(_("Give the reason for reopening the period."))
        for period in self:
            if period.state != "closed":
                raise UserError(_("%s is not closed.", period.name))
            # the results of a longer period closed around it were measured on its lines
            around = self.search([
                ("company_id", "=", period.company_id.id), ("state", "=", "closed"), ("id", "not in", self.ids),
                ("date_start", "<=", period.date_start), ("date_end", ">=", period.date_end),
            ], order="date_end desc, date_start", limit=1)
            if around:
                raise UserError(_("%(period)s lies within %(around)s, which is closed and whose results count its "
                                  "lines: reopen %(around)s first.", period=period.name, around=around.name))
        self.sudo().write({"state": "open"})
        for period in self:
            period.message_post(body=_("Reopened: %s", reason))
        return True

    # ------------------------------------------------------------------ schedule

    @api.model
    def _due_for_closing(self, company, today):
        """The open periods of ``company`` whose grace days after their end have passed."""
        last_end = today - timedelta(days=company.zugong_period_grace_days)
        return self.search([
            ("company_id", "=", company.id), ("state", "=", "open"), ("date_end", "<=", last_end),
        ], order="date_end, date_start")

    @api.model
    def _cron_close_due_periods(self):
        """Daily: in each company that closes periods on a schedule, the periods whose
        grace days have passed are closed, or proposed to the research office for closing
        (an activity each), as the company's setting says. The marks of changes older than
        a day go (see the class docstring)."""
        self.env.cr.execute("DELETE FROM zugong_period_change WHERE recorded < now() - interval '1 day'")
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search([("zugong_period_close_mode", "!=", "manual")])
        for company in companies:
            due = self.sudo()._due_for_closing(company, today)
            if company.zugong_period_close_mode == "close":
                due._close_scheduled()
            else:
                due._propose_closing()

    def _close_scheduled(self):
        for period in self:
            try:
                with self.env.cr.savepoint():
                    period.action_close()
            except (UserError, ValidationError, psycopg2.Error) as error:
                _logger.warning("Scheduled closing of period %s failed: %s", period.id, error)

    def _propose_closing(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        for period in self:
            asked = period.activity_ids.filtered(lambda activity: activity.activity_type_id == todo).user_id
            for user in period.company_id._zugong_research_users() - asked:
                period.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=user.id,
                    summary=_("Close %s: its grace days have passed", period.name),
                    note=_("Check the period's figures, then close it."),
                )

    # ------------------------------------------------------------------ new year

    @api.model
    def _roll_over(self, company, year, quota_mode="category", rise_percent=0.0):
        """Opens ``year`` in one step: its periods, the rule set of the year before copied
        to it (draft, for the research office to check and put in force), the quotas of
        the units generated with the rise (稳中有升), and the bulletin issues numbered from
        No. 1 again. What existed already is kept. Returns a summary."""
        self._check_research_office()
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(_("You do not work in %s.", company.name))
        if not 2000 <= year <= 2100:
            raise UserError(_("Give a year between 2000 and 2100."))
        periods = self._create_year(company, year)
        ruleset, copied = self.env["zugong.ruleset"]._copy_for_year(company, year)
        quotas, kept, skipped = self.env["zugong.quota"]._generate(company, year, quota_mode, rise_percent)
        Bulletin = self.env["zugong.bulletin"]
        publications = self.env["zugong.publication"].search([
            ("is_own", "=", True), ("company_id", "=", company.id),
        ])
        numbering = {publication: Bulletin._next_number(publication, year) for publication in publications}
        return {
            "periods": periods, "ruleset": ruleset, "ruleset_copied": copied, "quotas": quotas,
            "quotas_kept": kept, "quotas_skipped": skipped, "numbering": numbering,
        }

    def action_open_reopen_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Reopen Period"),
            "res_model": "zugong.period.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {"default_period_ids": self.ids},
        }
