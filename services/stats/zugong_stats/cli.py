"""The zugong-stats command: serve (the default), check, grant-readonly-sql."""
import argparse
import sys

from .config import ConfigError, Settings
from .contract import ContractError, check_contract, readonly_role_sql

EXIT_REFUSED = 2


def _check(settings):
    """The contract version the database serves; ContractError or DatabaseError otherwise."""
    from .db import Database

    database = Database(settings)
    try:
        return database.run(check_contract)
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


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="zugong-stats",
        description="Ranked notices of 组工信息 work. Configured by ZUGONG_STATS_* and libpq PG* "
                    "environment variables (see the README).")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="run the HTTP service (the default)")
    commands.add_parser("check", help="check that the database serves the reporting contract")
    grant = commands.add_parser(
        "grant-readonly-sql",
        help="print the SQL creating the read-only role that can SELECT the contract views only")
    grant.add_argument("--role", default="zugong_stats")
    grant.add_argument("--database", default="zugong")
    grant.add_argument("--password", help="the role's password (omit to set it separately)")
    arguments = parser.parse_args(argv)

    if arguments.command == "grant-readonly-sql":
        sys.stdout.write(readonly_role_sql(arguments.role, arguments.database, arguments.password))
        return 0
    try:
        settings = Settings.from_environ()
        if arguments.command == "check":
            return check(settings)
        return serve(settings)
    except ConfigError as error:
        print(f"zugong-stats: configuration: {error}", file=sys.stderr)
        return EXIT_REFUSED
