import math
from collections import defaultdict

from odoo import _, fields, models

QUOTA_FIGURES = (
    "monthly_min_submissions",
    "quarterly_min_submissions",
    "adoption_target_county",
    "adoption_target_city",
    "adoption_target_province",
    "adoption_target_central",
    "score_target",
)
# the fields of a quota's or a share's progress, computed together (_set_progress)
PROGRESS_FIELDS = (
    "annual_submissions",
    "ytd_submissions",
    "expected_submissions",
    "submission_completion",
    "ytd_adoptions_county",
    "ytd_adoptions_city",
    "ytd_adoptions_province",
    "ytd_adoptions_central",
    "ytd_score",
    "behind_schedule",
)
# figures that hold for every month or quarter: the people active in a month share them;
# the others are for the whole year and are split once.
RECURRING_FIGURES = ("monthly_min_submissions", "quarterly_min_submissions")
ADOPTION_LEVEL_FIGURES = {
    "county": "adoption_target_county",
    "city": "adoption_target_city",
    "province": "adoption_target_province",
    "central": "adoption_target_central",
}


class ZugongQuotaFigures(models.AbstractModel):
    """The figures of a quota, shared by a unit's quota and each person's share of it."""

    _name = "zugong.quota.figures"
    _description = "Quota Figures"

    monthly_min_submissions = fields.Integer("Monthly Minimum", default=0)
    quarterly_min_submissions = fields.Integer("Quarterly Minimum", default=0)
    adoption_target_county = fields.Integer("County Adoptions", default=0)
    adoption_target_city = fields.Integer("City Adoptions", default=0)
    adoption_target_province = fields.Integer("Province Adoptions", default=0)
    adoption_target_central = fields.Integer("Central Adoptions", default=0)
    score_target = fields.Float(digits=(16, 2), default=0.0)
    _sql_constraints = [
        ("figures_positive",
         "CHECK (monthly_min_submissions >= 0 AND quarterly_min_submissions >= 0"
         " AND adoption_target_county >= 0 AND adoption_target_city >= 0"
         " AND adoption_target_province >= 0 AND adoption_target_central >= 0"
         " AND score_target >= 0)",
         "Quota figures cannot be negative."),
    ]

    annual_submissions = fields.Integer(
        "Submissions a Year", compute="_compute_progress",
        help="The submissions required over the year: the monthly minimums of its months and "
             "the quarterly ones of its quarters, for a share those of the months and "
             "quarters it is held.",
    )

    ytd_submissions = fields.Integer("Submitted", compute="_compute_progress")
    expected_submissions = fields.Integer(
        "Due by Now", compute="_compute_progress",
        help="The submissions required over the months and quarters of the year that have ended.",
    )
    submission_completion = fields.Float("Submissions (%)", compute="_compute_progress", digits=(16, 1))
    ytd_adoptions_county = fields.Integer("County Adopted", compute="_compute_progress")
    ytd_adoptions_city = fields.Integer("City Adopted", compute="_compute_progress")
    ytd_adoptions_province = fields.Integer("Province Adopted", compute="_compute_progress")
    ytd_adoptions_central = fields.Integer("Central Adopted", compute="_compute_progress")
    ytd_score = fields.Float("Score", compute="_compute_progress", digits=(16, 2))
    behind_schedule = fields.Boolean(
        compute="_compute_progress", search="_search_behind_schedule",
        help="Behind what was due by today: the submissions of the months and quarters ended, "
             "and the share of the year's adoption and score targets.",
    )

    def _compute_progress(self):
        raise NotImplementedError(_("Progress is computed by the quota and its lines."))

    def _with_prefetched_progress(self):
        """The records to compute progress for: these and the others already read in this
        transaction (their year in cache: a list's records are read together; a record
        deleted leaves the cache) whose progress is not known yet. The ORM computes a
        field a thousand records at a time, and each reading of the figures costs about
        the same for a few records as for thousands: a list of 2,000 quotas reads them
        once, not twice."""
        cache = self.env.cache
        read = cache.get_records(self, self._fields["year"])
        missing = [record_id for record_id in cache.get_missing_ids(read, self._fields["ytd_submissions"])
                   if isinstance(record_id, int)]
        return self | self.browse(missing) if missing else self

    def _group_by_company_year(self):
        """{(company, year): records}, each group made once (not record by record)."""
        ids = defaultdict(list)
        companies = self.company_id
        if len(companies) <= 1:  # the usual case: the years read for all the records at once
            for record_id, year in zip(self._ids, self.mapped("year")):
                ids[(companies, year)].append(record_id)
        else:
            for record in self:
                ids[(record.company_id, record.year)].append(record.id)
        return {key: self.browse(record_ids) for key, record_ids in ids.items()}

    def _set_progress(self, progress):
        """Fill the progress fields of all the records at once from ``progress``: {record
        id: (achieved figures by figure name, the share of the year gone by today (0 to 1,
        for the yearly targets), the submissions required over the year, those due by
        today)}, the figures read from zugong.figures for all the records together.

        Assigning a computed field record by record goes through the ORM's write machinery
        once per record and field (11 fields for thousands of quotas in a list); the values
        are put in the cache field by field for all the records instead, as the ORM itself
        does when it assigns a value to records being computed (Field.write: convert the
        value to the cache's format, then ``env.cache.update``)."""
        targets = {name: self.mapped(name) for name in (*ADOPTION_LEVEL_FIGURES.values(), "score_target")}
        score_field = self._fields["ytd_score"]
        columns = {name: [] for name in PROGRESS_FIELDS}
        for index, record_id in enumerate(self._ids):
            achieved, fraction, annual, due = progress[record_id]
            submitted = int(achieved.get("submissions", 0))
            score = score_field.convert_to_cache(achieved.get("score_target", 0.0), self)
            behind = submitted < due
            columns["annual_submissions"].append(annual)
            columns["ytd_submissions"].append(submitted)
            columns["expected_submissions"].append(due)
            columns["submission_completion"].append(100.0 * submitted / annual if annual else 0.0)
            columns["ytd_score"].append(score)
            for level, name in ADOPTION_LEVEL_FIGURES.items():
                count = int(achieved.get(name, 0))
                columns[f"ytd_adoptions_{level}"].append(count)
                behind |= count < math.floor(targets[name][index] * fraction)
            behind |= score < targets["score_target"][index] * fraction - 0.005
            columns["behind_schedule"].append(behind)
        for name, values in columns.items():
            field = self._fields[name]
            if name == "submission_completion":  # rounded to its digits (the score is already)
                values = [field.convert_to_cache(value, self) for value in values]
            self.env.cache.update(self, field, values)

    def _achieved_so_far(self):
        """What the progress fields hold achieved so far, by figure name as
        zugong.quota._achievements gives it."""
        self.ensure_one()
        return {"submissions": self.ytd_submissions, "score_target": self.ytd_score,
                **{name: self[f"ytd_adoptions_{level}"] for level, name in ADOPTION_LEVEL_FIGURES.items()}}

    def _figures(self):
        self.ensure_one()
        return {name: self[name] for name in QUOTA_FIGURES}
