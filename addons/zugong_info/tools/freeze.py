"""Freezes kept by the database: a row trigger refusing the changes that must no longer
happen, reported as a check violation of a constraint the model declares, so that users
read that constraint's translated message."""


def changed_sql(columns):
    """PL/pgSQL condition: the row's ``columns`` change (an UPDATE)."""
    return f"ROW(NEW.{', NEW.'.join(columns)}) IS DISTINCT FROM ROW(OLD.{', OLD.'.join(columns)})"


def create_freeze_trigger(cr, table, refused, constraint, message, events=("INSERT", "UPDATE", "DELETE")):
    """Creates (or replaces) the trigger ``{table}_freeze`` and its function: on each of
    ``events``, a row for which the PL/pgSQL condition ``refused`` holds is refused as a
    check violation of ``constraint``. The condition may read TG_OP, OLD (NULL on an
    INSERT) and NEW (NULL on a DELETE)."""
    cr.execute(f"""
        CREATE OR REPLACE FUNCTION {table}_freeze() RETURNS trigger
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
        DROP TRIGGER IF EXISTS {table}_freeze ON {table};
        CREATE TRIGGER {table}_freeze
            BEFORE {' OR '.join(events)} ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_freeze();
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
