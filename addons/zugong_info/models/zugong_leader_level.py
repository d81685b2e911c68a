from odoo import models


class ZugongLeaderLevel(models.Model):
    """A level of the leaders whose instructions (批示) count, in order from the lowest:
    the research office names them as its rule set does (county, the city office's
    leaders, city, province, central...)."""

    _name = "zugong.leader.level"
    _inherit = ["zugong.coded.choice.mixin"]
    _description = "Leaders' Levels"
    _code_columns = (("zugong_instruction", "leader_level"), ("zugong_rule", "leader_level"))


def leader_levels(records):
    """The selection of a field holding a leader's level."""
    return records.env["zugong.leader.level"]._selection()
