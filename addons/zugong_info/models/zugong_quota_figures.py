import math

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

    def _set_progress(self, achieved, fraction, annual_submissions, due_submissions):
        """Fill the progress fields from the achieved figures (by figure name), the share
        of the year gone by today (0 to 1, for the yearly targets), and the submissions
        required over the year and due by today (zugong.figures)."""
        self.ensure_one()
        self.annual_submissions = annual_submissions
        self.ytd_submissions = int(achieved.get("submissions", 0))
        self.expected_submissions = due_submissions
        self.submission_completion = (
            100.0 * self.ytd_submissions / annual_submissions if annual_submissions else 0.0
        )
        self.ytd_score = achieved.get("score_target", 0.0)
        behind = self.ytd_submissions < due_submissions
        for level, name in ADOPTION_LEVEL_FIGURES.items():
            count = int(achieved.get(name, 0))
            self[f"ytd_adoptions_{level}"] = count
            behind |= count < math.floor(self[name] * fraction)
        behind |= self.ytd_score < self.score_target * fraction - 0.005
        self.behind_schedule = behind

    def _figures(self):
        self.ensure_one()
        return {name: self[name] for name in QUOTA_FIGURES}
