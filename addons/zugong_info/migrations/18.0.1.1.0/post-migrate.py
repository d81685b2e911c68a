import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    """Adoptions of one issue spelt differently (``2026年第12期`` and ``2026年第１２期``)
    were recorded twice, with two scores and two royalties, before this version compared
    issues by their key: the exclusion constraint cannot be added while they remain. They
    are listed for the research office, which removes the extra ones (their scores go
    with them; a confirmed royalty must be reversed in the ledger first); the next update
    adds the constraint."""
    cr.execute("""
        SELECT item_id, publication_id, zugong_issue_key(issue_number), array_agg(id ORDER BY id)
          FROM zugong_adoption
         WHERE bulletin_id IS NULL
         GROUP BY 1, 2, 3
        HAVING count(*) > 1
    """)
    for item_id, publication_id, key, adoption_ids in cr.fetchall():
        _logger.warning(
            "item %s: adoptions %s by publication %s are one issue (%s) recorded more than once: "
            "keep one and delete the others, then update the module again",
            item_id, adoption_ids, publication_id, key,
        )
