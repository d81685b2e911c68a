from odoo import models


class ZugongAdoptionForm(models.Model):
    """A form in which a publication adopts an item (full item, part of a combined item,
    brief, 参阅 mark, web text, web picture, WeChat account...): the research office keeps
    the list its rule set names."""

    _name = "zugong.adoption.form"
    _inherit = ["zugong.coded.choice.mixin"]
    _description = "Forms of Adoption"
    _code_columns = (
        ("zugong_adoption", "form"), ("zugong_bulletin_line", "form"), ("zugong_rule", "form"),
        ("zugong_royalty_rule", "form"),
    )


def adoption_forms(records):
    """The selection of a field holding a form of adoption."""
    return records.env["zugong.adoption.form"]._selection()
