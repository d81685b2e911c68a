def migrate(cr, version):
    """The record rules are the security boundary and change with the module: they were
    loaded as noupdate data, which an update leaves as it is. From this version on they
    are updated with the module."""
    cr.execute(
        "UPDATE ir_model_data SET noupdate = false WHERE module = %s AND model = 'ir.rule'",
        ["zugong_info"],
    )
