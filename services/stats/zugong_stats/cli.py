"""The zugong-stats command: serve (the default), check, grant-readonly-sql."""
import argparse
import os
import re
import sys

from .config import ConfigError, Settings
from .contract import ContractError, check_contract, readonly_role_sql

EXIT_REFUSED = 2
ROLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")


def _check(settings):
    """The contract version the database serves; ContractError or DatabaseError otherwise."""
    from .db import Database

    database = Database(settings)
    try:
        return database.run(check_contract, replica_check=False)
    finally:
        database.close()


def serve(settings):
    import uvicorn

    from .app import create_app
    from .db import DatabaseError
    from .logs import configure_logging, logging_config

    configure_logging(settings.log_level)
    app = create_app(settings)
    # Checked here too, before the server starts, so that a refusal is one clear line
    # rather than a failed application startup.
    try:
        _check(settings)
    except (ContractError, DatabaseError) as error:
        print(f"zugong-stats: refusing to start: {error}", file=sys.stderr)
        return EXIT_REFUSED
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=logging_config(settings.log_level),
                access_log=False, server_header=False)
    return 0


def check(settings):
    from .db import DatabaseError

    try:
        version = _check(settings)
    except (ContractError, DatabaseError) as error:
        print(f"zugong-stats: {error}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"the database serves reporting contract {version}")
    return 0


def apply_readonly_role(arguments, password):
    """Creates the read-only role (or sets an existing one's attributes, password and
    grants again) in the database, connected with the libpq PG* variables as Odoo's
    database user; waits up to ``arguments.wait`` seconds for the contract's views."""
    import time

    import psycopg2

    from .contract import load_contract, qualified, quote_identifier

    contract = load_contract()
    deadline = time.monotonic() + arguments.wait
    while True:
        try:
            conn = psycopg2.connect(dbname=arguments.database, connect_timeout=5)
        except psycopg2.OperationalError as error:
            conn, reason = None, str(error).strip()
        else:
            with conn.cursor() as cursor:
                cursor.execute("SELECT to_regclass(%s) IS NOT NULL",
                               (qualified(contract["version_view"], contract),))
                if cursor.fetchone()[0]:
                    break
            conn.close()
            reason = f"the reporting contract's views are not in database {arguments.database} yet"
        if time.monotonic() >= deadline:
            print(f"zugong-stats: {reason}", file=sys.stderr)
            return EXIT_REFUSED
        time.sleep(2)
    try:
        with conn, conn.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s)", (arguments.role,))
            exists = cursor.fetchone()[0]
            cursor.execute(readonly_role_sql(arguments.role, arguments.database, password,
                                             owner=arguments.owner, create=not exists))
            if arguments.close_other_databases:
                # A server of this database alone: no other database lets every role
                # (PUBLIC) in or make temporary tables there.
                cursor.execute("SELECT datname FROM pg_database WHERE datallowconn AND datname <> current_database()")
                for (name,) in cursor.fetchall():
                    cursor.execute(f"REVOKE CONNECT, TEMPORARY ON DATABASE {quote_identifier(name)} FROM PUBLIC")
        # PostgreSQL only warns when the user may not revoke what PUBLIC has: say so.
        for notice in conn.notices:
            print(f"zugong-stats: {notice.strip()}", file=sys.stderr)
    except psycopg2.Error as error:
        print(f"zugong-stats: the read-only role could not be set up: {str(error).strip()}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        conn.close()
    print(f"read-only role {arguments.role} {'updated' if exists else 'created'}: it reads the "
          f"reporting contract's views of database {arguments.database} and nothing else")
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog="zugong-stats",
        description="Ranked notices of 组工信息 work. Configured by ZUGONG_STATS_* and libpq PG* "
                    "environment variables (see the README).")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="run the HTTP service (the default)")
    commands.add_parser("check", help="check that the database serves the reporting contract")
    grant = commands.add_parser(
        "grant-readonly-sql",
        help="print (or, with --apply, run) the SQL creating the read-only role that can SELECT "
             "the contract views only and create nothing")
    grant.add_argument("--role", default="zugong_stats")
    grant.add_argument("--database", default="zugong")
    secret = grant.add_mutually_exclusive_group()
    secret.add_argument("--password", help="the role's password (omit to set it separately)")
    secret.add_argument("--password-env", metavar="VARIABLE",
                        help="take the role's password from this environment variable")
    grant.add_argument("--owner", help="Odoo's database user, who keeps CREATE in schema public and "
                                       "temporary tables (default: whoever runs the SQL)")
    grant.add_argument("--existing", action="store_true",
                       help="the role exists: set its attributes, password and grants again")
    grant.add_argument("--apply", action="store_true",
                       help="run it in --database, connected with the PG* variables as Odoo's "
                            "database user, creating the role or updating an existing one")
    grant.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                       help="with --apply: wait this long for the database and its contract views")
    grant.add_argument("--close-other-databases", action="store_true",
                       help="with --apply, on a server of this database alone: take PUBLIC's "
                            "CONNECT and TEMPORARY on every other database back too")
    return parser


def main(argv=None):
    arguments = build_parser().parse_args(argv)

    if arguments.command == "grant-readonly-sql":
        password = arguments.password
        if arguments.password_env:
            password = os.environ.get(arguments.password_env, "")
            if not password:
                print(f"zugong-stats: {arguments.password_env} is not set", file=sys.stderr)
                return EXIT_REFUSED
        if not ROLE_NAME.fullmatch(arguments.role):
            print(f"zugong-stats: {arguments.role!r} is not a usable role name: lower-case letters, "
                  "digits and underscores, starting with a letter", file=sys.stderr)
            return EXIT_REFUSED
        if arguments.apply:
            return apply_readonly_role(arguments, password)
        sys.stdout.write(readonly_role_sql(arguments.role, arguments.database, password,
                                           owner=arguments.owner, create=not arguments.existing))
        return 0
    try:
        settings = Settings.from_environ()
        if arguments.command == "check":
            return check(settings)
        return serve(settings)
    except ConfigError as error:
        print(f"zugong-stats: configuration: {error}", file=sys.stderr)
        return EXIT_REFUSED
