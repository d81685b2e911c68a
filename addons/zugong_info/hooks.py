from .report.zugong_required_month import HELD_STAMP_TABLE, HELD_TABLE


def pre_init_hook(env):
    """The officer registrations' exclusion constraint compares unit ids with ``=`` inside
    a GiST index, which needs the btree_gist operator classes (a trusted extension that
    the database owner may create)."""
    env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")


def post_init_hook(env):
    """The document settings of the companies there are start from their defaults."""
    env["res.company"].search([])._zugong_write_document_defaults()


def uninstall_hook(env):
    """Dropping the addon's tables takes the contract views reading them along, but not
    the version view, which reads none, nor the functions of the freeze triggers (the one
    on ir_attachment guarding the notices' files would outlive the notices) and of the
    issue key of adoptions: drop them too. Nor the kept rows of what units and people are
    held to (not a model's table; the view zugong_required_held reads them)."""
    env["zugong.reporting.contract"]._drop_views()
    env.cr.execute(f"DROP TABLE IF EXISTS {HELD_TABLE}, {HELD_STAMP_TABLE} CASCADE")
    for function in (
        "zugong_notice_freeze()", "zugong_notice_line_freeze()", "zugong_notice_file_freeze()",
        "zugong_bulletin_freeze()", "zugong_bulletin_line_freeze()", "zugong_bulletin_line_touch()",
        "zugong_issue_key(text)", "zugong_required_held_refresh(integer[], integer[], integer[], integer[], integer[], integer[], integer[])",
    ):
        env.cr.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
