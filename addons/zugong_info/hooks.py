def pre_init_hook(env):
    """The officer registrations' exclusion constraint compares unit ids with ``=`` inside
    a GiST index, which needs the btree_gist operator classes (a trusted extension that
    the database owner may create)."""
    env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
