import logging

_logger = logging.getLogger(__name__)

# The settings of the information work that were system parameters (zugong_info.<key>)
# and are each company's since this version: key -> (column of res_company, reader, check).
NUMBERS = {
    "urgent_deadline_hours": ("zugong_urgent_deadline_hours", float, lambda value: value > 0),
    "duplicate_years": ("zugong_duplicate_years", int, lambda value: value >= 1),
    "duplicate_threshold": ("zugong_duplicate_threshold", float, lambda value: 0 < value <= 1),
    "instruction_feedback_days": ("zugong_instruction_feedback_days", int, lambda value: value >= 1),
    "commission_reminder_days": ("zugong_commission_reminder_days", int, lambda value: value >= 0),
}
SCHEDULE = ("month", "bimonth", "quarter", "halfyear", "year")
SUBJECTS = ("units", "people", "both")


def migrate(cr, version):
    """Moves the settings of the information work from system parameters to every
    company (the scheduled notices' scope to the company of its unit), then removes the
    parameters. A value the new checks would refuse is left out, with a warning: the
    company keeps the default. The stats service's parameters stay: they are the
    deployment's. The schedule's record of the notices it made follows the scope's
    company."""
    cr.execute("SELECT key, value FROM ir_config_parameter WHERE key LIKE %s", ["zugong\\_info.%"])
    parameters = {key.removeprefix("zugong_info."): value for key, value in cr.fetchall()}
    moved = []
    for key, (column, read, valid) in NUMBERS.items():
        if key not in parameters:
            continue
        moved.append(key)
        try:
            value = read(parameters[key])
        except (TypeError, ValueError):
            value = None
        if value is None or not valid(value):
            _logger.warning("setting %s: %r is not a valid value: every company keeps the default",
                            key, parameters[key])
            continue
        cr.execute(f"UPDATE res_company SET {column} = %s", [value])

    for kind in SCHEDULE:
        key = f"notice_auto_{kind}"
        if key in parameters:
            moved.append(key)
            # a boolean parameter is stored as "True" when set (and removed when not)
            cr.execute(f"UPDATE res_company SET zugong_notice_auto_{kind} = %s",
                       [parameters[key] not in ("", "False", "0")])
    if "notice_subject" in parameters:
        moved.append("notice_subject")
        if parameters["notice_subject"] in SUBJECTS:
            cr.execute("UPDATE res_company SET zugong_notice_subject = %s", [parameters["notice_subject"]])
    if "notice_scope_unit_id" in parameters:
        moved.append("notice_scope_unit_id")
        scope = parameters["notice_scope_unit_id"]
        if scope.isdigit():
            cr.execute("""
                UPDATE res_company company SET zugong_notice_scope_unit_id = unit.id
                  FROM zugong_unit unit
                 WHERE unit.id = %s AND unit.company_id = company.id
             RETURNING company.id
            """, [int(scope)])
            for (company_id,) in cr.fetchall():
                for kind in SCHEDULE:
                    for subject in ("units", "people"):
                        cr.execute("""
                            UPDATE ir_config_parameter SET key = %s
                             WHERE key = %s AND NOT EXISTS (SELECT 1 FROM ir_config_parameter WHERE key = %s)
                        """, [f"zugong_info.notice_done_{company_id}_{kind}_{subject}",
                              f"zugong_info.notice_done_{kind}_{subject}",
                              f"zugong_info.notice_done_{company_id}_{kind}_{subject}"])

    keys = [f"zugong_info.{key}" for key in moved]
    cr.execute("DELETE FROM ir_config_parameter WHERE key = ANY(%s)", [keys])
    # the parameters the demo data made go with their external ids
    cr.execute("""
        DELETE FROM ir_model_data
         WHERE module = 'zugong_info' AND model = 'ir.config_parameter'
           AND res_id NOT IN (SELECT id FROM ir_config_parameter)
    """)
    if moved:
        _logger.info("settings moved from system parameters to the companies: %s", ", ".join(moved))
