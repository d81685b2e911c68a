"""Freezes kept by the database: a row trigger refusing the changes that must no longer
happen, reported as a check violation of a constraint the model declares, so that users
read that constraint's translated message."""


def changed_sql(columns, old="OLD", new="NEW"):
    """SQL condition: one of the row's ``columns`` changes (an UPDATE), between its version
    ``old`` and its version ``new`` (a row trigger's OLD and NEW by default)."""
    return f"ROW({new}.{f', {new}.'.join(columns)}) IS DISTINCT FROM ROW({old}.{f', {old}.'.join(columns)})"


def parent_in_state_sql(table, ids, state):
    """PL/pgSQL condition: one of the records ``ids`` (expressions, e.g. ``OLD.notice_id``)
    of ``table`` is in ``state``. The records are read ``FOR SHARE``, locked by their id
    whatever their state, so that the condition waits for a concurrent change of their
    state and, when one was committed meanwhile, fails with a serialization error rather
    than read the state of before."""
    return f"'{state}' IN (SELECT state FROM {table} WHERE id IN ({', '.join(ids)}) FOR SHARE)"


def create_freeze_trigger(cr, table, refused, constraint, message, events=("INSERT", "UPDATE", "DELETE"),
                          name=None):
    """Creates (or replaces) the trigger ``name`` (``{table}_freeze`` by default) and its
    function of the same name: on each of ``events``, a row for which the PL/pgSQL
    condition ``refused`` holds is refused as a check violation of ``constraint``. The
    condition may read TG_OP, OLD (NULL on an INSERT) and NEW (NULL on a DELETE).

    A condition that reads the state of the record a row belongs to (the notice of a
    notice row) reads it with ``parent_in_state_sql``, so that changing the row and
    changing that state (publishing the notice) cannot race."""
    name = name or f"{table}_freeze"
    cr.execute(f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF {refused} THEN
                RAISE EXCEPTION USING
                    ERRCODE = 'check_violation',
                    CONSTRAINT = '{constraint}',
                    TABLE = TG_TABLE_NAME,
                    MESSAGE = '{message}';
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END
        $$;
        DROP TRIGGER IF EXISTS {name} ON {table};
        CREATE TRIGGER {name}
            BEFORE {' OR '.join(events)} ON {table}
            FOR EACH ROW EXECUTE FUNCTION {name}();
    """)


def create_touch_trigger(cr, table, column, parent_table, update_columns=None):
    """Creates (or replaces) the trigger ``{table}_touch`` and its function: after a row
    of ``table`` is inserted, deleted or updated (only when one of ``update_columns``
    changes, when given), the row of ``parent_table`` it belongs to (by ``column``, before
    and after the change) is written again, unchanged. A transaction that changes that
    parent row concurrently and acts on the rows it saw (publishing a bulletin issue makes
    the adoptions of its lines) then fails with a serialization error instead of missing
    the change; the freeze trigger reading the parent ``FOR SHARE`` covers the other
    order."""
    skip = ""
    if update_columns:
        skip = f"""
            IF TG_OP = 'UPDATE' AND NOT ({changed_sql(update_columns)}) THEN
                RETURN NULL;
            END IF;"""
    cr.execute(f"""
        CREATE OR REPLACE FUNCTION {table}_touch() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN{skip}
            UPDATE {parent_table} SET id = id WHERE id IN (OLD.{column}, NEW.{column});
            RETURN NULL;
        END
        $$;
        DROP TRIGGER IF EXISTS {table}_touch ON {table};
        CREATE TRIGGER {table}_touch
            AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_touch();
    """)


def create_guard_trigger(cr, table, rules, prelude="", events=("INSERT", "UPDATE", "DELETE")):
    """Creates (or replaces) the trigger ``{table}_guard`` and its function, for a table
    whose rows follow a workflow with several rules: ``prelude`` (PL/pgSQL statements,
    such as locks) runs first, then each rule ``(condition, constraint, message)`` in
    turn refuses the row as a check violation of its ``constraint`` unless its condition
    is false. A condition that is NULL refuses as well: a rule fails closed. Conditions
    read TG_OP, OLD (NULL on an INSERT) and NEW (NULL on a DELETE), like
    create_freeze_trigger's."""
    checks = "".join(f"""
            IF ({condition}) IS NOT FALSE THEN
                RAISE EXCEPTION USING
                    ERRCODE = 'check_violation',
                    CONSTRAINT = '{constraint}',
                    TABLE = TG_TABLE_NAME,
                    MESSAGE = '{message.replace("'", "''")}';
            END IF;""" for condition, constraint, message in rules)
    cr.execute(f"""
        CREATE OR REPLACE FUNCTION {table}_guard() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            {prelude}
            {checks}
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END
        $$;
        DROP TRIGGER IF EXISTS {table}_guard ON {table};
        CREATE TRIGGER {table}_guard
            BEFORE {' OR '.join(events)} ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_guard();
    """)


def changed_except_sql(columns):
    """PL/pgSQL condition: the row changes (an UPDATE) in a column other than ``columns``,
    whatever columns the table gains later."""
    kept = ", ".join(f"'{column}'" for column in columns)
    return f"(to_jsonb(NEW) - ARRAY[{kept}]::text[]) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY[{kept}]::text[])"


# The transition tables a statement trigger of each operation reads: the rows inserted
# (new_rows), deleted (old_rows), or both versions of the rows updated.
TRANSITIONS = {
    "insert": "NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def updated_rows_sql(select, changed, match="o.id = n.id"):
    """SQL of an UPDATE statement trigger: ``select`` of the rows updated for which the
    condition ``changed`` holds, before and after the update (``select`` reads the row as
    ``{r}``; ``changed`` and ``match``, which pairs the versions of a row, read the old one
    as ``o`` and the new one as ``n``)."""
    rows = f"old_rows o JOIN new_rows n ON {match} WHERE {changed}"
    return f"SELECT {select.format(r='o')} FROM {rows} UNION ALL SELECT {select.format(r='n')} FROM {rows}"


def create_statement_trigger(cr, table, name, operation, body):
    """An AFTER ``operation`` (insert, update or delete) trigger on ``table``, once per
    statement, running the PL/pgSQL ``body`` with the statement's rows in the transition
    tables of TRANSITIONS (its function is named ``name``)."""
    cr.execute(f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            {body}
            RETURN NULL;
        END
        $$;
        DROP TRIGGER IF EXISTS {name} ON {table};
        CREATE TRIGGER {name} AFTER {operation.upper()} ON {table}
            REFERENCING {TRANSITIONS[operation]}
            FOR EACH STATEMENT EXECUTE FUNCTION {name}();
    """)
