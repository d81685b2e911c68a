def uninstall_hook(env):
    """The freeze trigger's function outlives the attendance table: drop it with its
    trigger."""
    env.cr.execute("DROP FUNCTION IF EXISTS zugong_training_attendance_freeze() CASCADE")
