def migrate(cr, version):
    """Urgent reports counted towards the minimums of submissions before this version;
    since, they count only where the year's rule set says so (urgent_toward_minimum). A
    rule set locked by a closed period was scored counting them, and its scores are
    frozen: it keeps saying so, so that the figures read of its year agree with them. The
    other rule sets take the new rule."""
    cr.execute("ALTER TABLE zugong_ruleset ADD COLUMN IF NOT EXISTS urgent_toward_minimum boolean")
    cr.execute("UPDATE zugong_ruleset SET urgent_toward_minimum = true WHERE state = 'locked'")
