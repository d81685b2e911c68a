"""Database views replaced in place, so that what was granted on them, and the views
reading them, outlive a module update."""
import logging

import psycopg2.errors

from odoo.tools import SQL, mute_logger

_logger = logging.getLogger(__name__)


def replace_view(cr, name, query):
    """Creates the view ``name`` (an SQL identifier) as ``query``, or replaces it in place:
    it keeps its grants, and the views that read it stay. A view whose columns changed is
    dropped, with the views that read it, and created anew (logged: the stats service's
    read-only role is to be granted SELECT on the contract's views again)."""
    statement = SQL("CREATE OR REPLACE VIEW %s AS %s", name, query)
    try:
        # (a refused replacement is expected here: not logged as a bad query)
        with mute_logger("odoo.sql_db"), cr.savepoint(flush=False):
            cr.execute(statement)
    except (psycopg2.errors.InvalidTableDefinition, psycopg2.errors.DatatypeMismatch):
        _logger.warning("view %s changed its columns: created anew, with the views reading it; grant the "
                        "stats service's read-only role SELECT on the reporting contract's views again",
                        cr.mogrify(name).decode())
        cr.execute(SQL("DROP VIEW IF EXISTS %s CASCADE", name))
        cr.execute(statement)
