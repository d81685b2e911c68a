def migrate(cr, version):
    """The record rules are the security boundary and change with the modules: they were
    loaded as noupdate data, which an update leaves as it is. From this version on they
    are updated with the modules: the flag is cleared for the rules of both addons
    (zugong_training depends on zugong_info, so this runs before its update)."""
    cr.execute(
        "UPDATE ir_model_data SET noupdate = false"
        " WHERE module IN ('zugong_info', 'zugong_training') AND model = 'ir.rule'"
    )
