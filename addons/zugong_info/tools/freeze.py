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
