import base64

from odoo import api, models

from .zugong_notice import FILE_FIELD

NOTICE_MODEL = "zugong.notice"
ITEM_MODEL = "zugong.item"
# What makes an attachment another file, or the file of another record.
FILE_KEYS = {"datas", "raw", "name", "res_model", "res_id", "res_field"}
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
        attachments = super().create(vals_list)
        attachments._check_item_files()
        return attachments

    def write(self, vals):
        if set(vals) - FREE_FILE_FIELDS:
            (self._notices_holding() | self._notices_named([vals], self))._check_file_change()
        result = super().write(vals)
        if FILE_KEYS & set(vals):
            self._check_item_files()
        return result

    def _check_item_files(self):
        """Files a client attaches to items (photos, documents) are of the kinds and sizes
        items take, however they are sent (the portal checks them itself, and attaches
        them as superuser)."""
        if self.env.su:
            return
        self.flush_model(["res_model", "res_id", "res_field"])
        self.env.cr.execute(
            "SELECT id, res_id FROM ir_attachment WHERE id = ANY(%s) AND res_model = %s AND res_field IS NULL",
            [list(self.ids), ITEM_MODEL],
        )
        rows = self.env.cr.fetchall()
        Item = self.env[ITEM_MODEL]
        for attachment in self.sudo().browse([row[0] for row in rows]):
            Item._check_attachment_file(attachment.name, attachment.raw or base64.b64decode(attachment.datas or b""))
        Item.browse({row[1] for row in rows if row[1]}).exists()._check_attachment_count(0)

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
