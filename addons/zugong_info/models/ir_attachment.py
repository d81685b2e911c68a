from odoo import api, models

from .zugong_notice import FILE_FIELD

NOTICE_MODEL = "zugong.notice"
# What an attachment holding a notice's file may still change: the rest is the file.
FREE_FILE_FIELDS = {"access_token", "description", "index_content"}


class IrAttachment(models.Model):
    """The file of a notice lives in an attachment, which Odoo lets whoever may write the
    notice replace or delete: the file of a notice is the stats service's, changed only
    by generating the notice again, and frozen once the notice is published (the
    database keeps that freeze too, see zugong.notice's init)."""

    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        self._notices_named(vals_list)._check_file_change()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - FREE_FILE_FIELDS:
            (self._notices_holding() | self._notices_named([vals], self))._check_file_change()
        return super().write(vals)

    def unlink(self):
        self._notices_holding()._check_file_change()
        return super().unlink()

    def _notices_holding(self):
        """The notices whose file these attachments hold."""
        if not self:
            return self.env[NOTICE_MODEL]
        self.flush_model(["res_model", "res_field", "res_id"])
        self.env.cr.execute(
            "SELECT res_id FROM ir_attachment WHERE id = ANY(%s) AND res_model = %s AND res_field = %s",
            [list(self.ids), NOTICE_MODEL, FILE_FIELD],
        )
        return self.env[NOTICE_MODEL].browse({row[0] for row in self.env.cr.fetchall()}).exists()

    def _notices_named(self, vals_list, attachments=None):
        """The notices whose file the values would make attachments hold (those given
        complete the values with what they hold now)."""
        ids = set()
        for vals in vals_list:
            if not ({"res_model", "res_field", "res_id"} & set(vals)):
                continue
            targets = [(vals.get("res_model"), vals.get("res_field"), vals.get("res_id"))]
            if attachments is not None:
                self.flush_model(["res_model", "res_field", "res_id"])
                self.env.cr.execute("SELECT res_model, res_field, res_id FROM ir_attachment WHERE id = ANY(%s)",
                                    [list(attachments.ids)])
                targets = [(vals.get("res_model", model), vals.get("res_field", field), vals.get("res_id", res_id))
                           for model, field, res_id in self.env.cr.fetchall()]
            ids |= {res_id for model, field, res_id in targets
                    if model == NOTICE_MODEL and field == FILE_FIELD and res_id}
        return self.env[NOTICE_MODEL].browse(ids).exists()
