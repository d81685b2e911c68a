from odoo.tests import tagged

from odoo.addons.zugong_info.tests import test_translations


@tagged("post_install", "-at_install")
class TestTranslations(test_translations.TestTranslations):
    module = "zugong_training"
    allow_inherited_tests_method = True
