def migrate(cr, version):
    """Urgent reports counted towards the minimums of submissions before this version;
    since, they count only where the year's rule set says so (urgent_toward_minimum). A
    rule set locked by a closed period was scored counting them, and its scores are
    frozen: it keeps saying so, so that the figures read of its year agree with them. The
    other rule sets take the new rule. The rows of the notices made so far counted every
    item they submitted towards the minimums."""
    cr.execute("ALTER TABLE zugong_ruleset ADD COLUMN IF NOT EXISTS urgent_toward_minimum boolean")
    cr.execute("UPDATE zugong_ruleset SET urgent_toward_minimum = true WHERE state = 'locked'")
    # the rows of the notices made so far compared all their items with the minimums
    cr.execute("ALTER TABLE zugong_notice_line ADD COLUMN IF NOT EXISTS items_toward_minimum integer")
    cr.execute("UPDATE zugong_notice_line SET items_toward_minimum = items_submitted"
               " WHERE items_toward_minimum IS NULL")
