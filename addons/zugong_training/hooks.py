def uninstall_hook(env):
    """The functions of the freeze and touch triggers outlive the tables they guard: drop
    them with their triggers (the invitation tables' triggers too)."""
    for function in (
        "zugong_training_attendance_freeze", "zugong_training_attendance_touch",
        "zugong_training_session_freeze", "zugong_training_session_zugong_unit_rel_freeze",
        "res_users_zugong_training_session_rel_freeze",
    ):
        env.cr.execute(f"DROP FUNCTION IF EXISTS {function}() CASCADE")
