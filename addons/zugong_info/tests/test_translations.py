import os

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """Every string a user can see has its zh_CN translation in the addon's po file."""

    module = "zugong_info"

    def test_every_term_translated_to_chinese(self):
        po_path = os.path.join(get_module_path(self.module), "i18n", "zh_CN.po")
        with open(po_path, "rb") as po_file:
            translated = {
                entry["src"] for entry in PoFileReader(po_file) if entry["value"].strip()
            }
        reader = TranslationModuleReader(self.env.cr, modules=[self.module], lang="zh_CN")
        missing = sorted({term[4] for term in reader if term[4] not in translated})
        self.assertFalse(missing, "terms without a zh_CN translation:\n" + "\n".join(missing))
