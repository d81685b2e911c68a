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
    the version view, which reads none, nor the functions of the notices' freeze
    triggers: drop them too."""
    env["zugong.reporting.contract"]._drop_views()
    for table in ("zugong_notice", "zugong_notice_line"):
        env.cr.execute(f"DROP FUNCTION IF EXISTS {table}_freeze() CASCADE")
