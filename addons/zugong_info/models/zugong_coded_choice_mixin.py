from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError


class ZugongCodedChoiceMixin(models.AbstractModel):
    """A list of choices the research office keeps (leaders' levels, forms of adoption),
    chosen on other records by their code, the way a partner's language is a code of
    res.lang: the records choosing keep the code in a selection field whose values are
    read from this model (``_selection``), and the database refuses a code that is not
    recorded here (a foreign key of each column of ``_code_columns``, see
    ``_ensure_code_references``). A code in use keeps its code and is not deleted; its
    name and its place in the order change freely."""

    _name = "zugong.coded.choice.mixin"
    _description = "Choice Kept by Its Code"
    _order = "sequence, id"
    # the (table, column) pairs that hold a code of this model
    _code_columns = ()

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="The stable value the records choosing it keep.")
    sequence = fields.Integer(default=10, help="The order of the choices, the lowest first.")

    _sql_constraints = [
        ("code_uniq", "UNIQUE (code)", "A code is used once in the list."),
    ]

    @api.model
    def _selection(self):
        """[(code, name)] in order, in the user's language: every user reads the choices.
        Kept per language until a choice changes (a page showing ten adoptions names their
        forms ten times)."""
        return list(self._selection_in(self.env.lang))

    @api.model
    @tools.ormcache("lang")
    def _selection_in(self, lang):
        return tuple((choice.code, choice.name) for choice in self.sudo().with_context(lang=lang).search([]))

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _selection_in
        return super().create(vals_list)

    @api.model
    def _ranks(self):
        """{code: place in the order, from 0 for the lowest}."""
        return {code: rank for rank, code in enumerate(self.sudo().search([]).mapped("code"))}

    @api.model
    def _ensure_code_references(self):
        """The database's refusal of an unknown or removed code: a foreign key on each
        column holding the codes (added once the codes in use are recorded)."""
        cr = self.env.cr
        for table, column in self._code_columns:
            name = f"{table}_{column}_code_fkey"
            cr.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [name])
            if not cr.fetchone():
                cr.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({column})"
                           f" REFERENCES {self._table} (code) ON UPDATE RESTRICT ON DELETE RESTRICT")

    def _in_use(self):
        """The codes of these choices that records hold."""
        used = set()
        for table, column in self._code_columns:
            self.env.cr.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} = ANY(%s)",
                                [self.mapped("code")])
            used.update(code for code, in self.env.cr.fetchall())
        return used

    def write(self, vals):
        if "code" in vals:
            used = self.filtered(lambda choice: choice.code != vals["code"])._in_use()
            if used:
                raise UserError(_("The code %s is in use: records keep it. Change the name instead.",
                                  ", ".join(sorted(used))))
        self.env.registry.clear_cache()  # _selection_in
        return super().write(vals)

    def unlink(self):
        used = self._in_use()
        if used:
            raise UserError(_("%s is in use: records keep it.", ", ".join(
                self.filtered(lambda choice: choice.code in used).mapped("name"))))
        self.env.registry.clear_cache()  # _selection_in
        return super().unlink()

    @api.model
    def _check_chosen(self, records, field_name):
        """A clear refusal, before the database's, of a code not recorded here."""
        known = set(self.sudo().search([]).mapped("code"))
        for record in records:
            if record[field_name] and record[field_name] not in known:
                raise ValidationError(_("%(value)s is not one of the %(list)s.", value=record[field_name],
                                        list=self._description))
