import logging

_logger = logging.getLogger(__name__)

# Rows the ledger's new constraints and triggers would not accept, and that no script can
# put right by itself: which of two reversals is the right one, whether an entry marked
# reversed was meant to be, are for finance to say.
CHECKS = [
    ("marked reversed without a reversal entry",
     """SELECT entry.id FROM zugong_ledger_entry entry
         WHERE entry.state = 'reversed'
           AND NOT EXISTS (SELECT 1 FROM zugong_ledger_entry reversal WHERE reversal.reversal_of_id = entry.id)"""),
    ("reversed more than once",
     """SELECT reversal_of_id FROM zugong_ledger_entry WHERE reversal_of_id IS NOT NULL
         GROUP BY reversal_of_id HAVING count(*) > 1"""),
    ("paid outside a paid batch",
     """SELECT entry.id FROM zugong_ledger_entry entry
          LEFT JOIN zugong_payment_batch batch ON batch.id = entry.batch_id
         WHERE entry.state = 'paid' AND (batch.state IS DISTINCT FROM 'paid' OR entry.paid_on IS NULL)"""),
    ("in a paid batch without being paid",
     """SELECT entry.id FROM zugong_ledger_entry entry
          JOIN zugong_payment_batch batch ON batch.id = entry.batch_id
         WHERE batch.state = 'paid' AND entry.state NOT IN ('paid', 'reversed')"""),
    ("with an amount or points out of bounds or of the wrong sign",
     """SELECT id FROM zugong_ledger_entry
         WHERE reversal_of_id IS NULL
           AND (abs(amount) >= 1000000 OR abs(points) >= 10000
                OR kind = 'royalty' AND amount <= 0
                OR kind IN ('royalty', 'bonus') AND (amount < 0 OR points < 0)
                OR kind IN ('demerit', 'penalty') AND (amount > 0 OR points > 0))"""),
]


def migrate(cr, version):
    """The amounts and points of ledger entries are never NULL from this version on: a NULL
    passed the check that an entry has an amount or points. The guard trigger of the
    previous version refused any change of a confirmed entry; the model replaces it with
    its own when it is loaded, so it goes first.

    Entries that the new rules would refuse and that cannot be put right here stop the
    update, named, rather than leave the ledger without its constraints."""
    cr.execute("DROP TRIGGER IF EXISTS zugong_ledger_entry_guard ON zugong_ledger_entry")
    cr.execute("UPDATE zugong_ledger_entry SET amount = 0 WHERE amount IS NULL")
    cr.execute("UPDATE zugong_ledger_entry SET points = 0 WHERE points IS NULL")
    problems = []
    for description, query in CHECKS:
        cr.execute(query)
        ids = [row[0] for row in cr.fetchall()]
        if ids:
            problems.append(f"{description}: {', '.join(map(str, ids))}")
    if problems:
        raise RuntimeError(
            "The reward and penalty ledger holds entries the new version refuses; correct them "
            "and update again. Ledger entries " + "; ".join(problems) + "."
        )
    _logger.info("zugong_info: ledger amounts and points set to 0 where they were empty")
