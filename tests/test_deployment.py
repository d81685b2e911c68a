"""The compose file's defaults are safe, read statically (no Docker engine needed): ports
on the loopback interface unless ZUGONG_BIND says otherwise, every secret from the
environment with no default, Odoo's master password set and its database manager off,
and the stats service reading as the read-only role the compose setup creates."""
import configparser
import os
import re
import subprocess

import pytest
import yaml

from zugong_stats.cli import build_parser

SECRETS = {"ZUGONG_ADMIN_PASSWORD", "ZUGONG_DB_PASSWORD", "ZUGONG_STATS_DB_PASSWORD", "ZUGONG_STATS_TOKEN"}
VARIABLE = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?:(?P<operator>:[-?])(?P<argument>[^}]*))?\}")


@pytest.fixture(scope="module")
def docker(root):
    return root / "docker"


@pytest.fixture(scope="module")
def compose(docker):
    return yaml.safe_load((docker / "compose.yaml").read_text(encoding="utf-8"))


def interpolate(value, environment):
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error}; KeyError for a required
    variable that is not set ($$ is a literal $)."""
    def replace(match):
        name, operator, argument = match["name"], match["operator"], match["argument"]
        if environment.get(name):
            return environment[name]
        if operator == ":?":
            raise KeyError(name)
        return argument if operator == ":-" else ""
    return VARIABLE.sub(replace, value).replace("$$", "$")


def variables(node):
    """(name, operator, argument) of every variable the compose file uses."""
    if isinstance(node, dict):
        return [found for value in node.values() for found in variables(value)]
    if isinstance(node, list):
        return [found for value in node for found in variables(value)]
    if isinstance(node, str):
        return [(match["name"], match["operator"], match["argument"]) for match in VARIABLE.finditer(node)]
    return []


def environment_of(service, environment):
    return {key: interpolate(str(value), environment) for key, value in service.get("environment", {}).items()}


FULL = {name: f"secret-{name.lower()}" for name in SECRETS}


def test_every_published_port_is_on_the_loopback_unless_told_otherwise(compose):
    published = {name: service.get("ports", []) for name, service in compose["services"].items()}
    assert published["db"] == [], "PostgreSQL is reached on the compose network only"
    assert published["odoo"] and published["stats"]
    for name, ports in published.items():
        for port in ports:
            assert isinstance(port, str), f"{name}: ports in the short form, with the host address"
            assert interpolate(port, FULL).split(":")[0] == "127.0.0.1", (name, port)
            assert interpolate(port, dict(FULL, ZUGONG_BIND="0.0.0.0")).split(":")[0] == "0.0.0.0", (name, port)


def test_every_secret_comes_from_the_environment_without_a_default(compose):
    used = variables(compose)
    required = {name for name, operator, _argument in used if operator == ":?"}
    assert required == SECRETS
    for name, operator, argument in used:
        if name in SECRETS or re.search("PASSWORD|TOKEN|SECRET", name):
            assert operator == ":?", f"{name} has a default or may be empty"
    for service_name, service in compose["services"].items():
        for key, value in service.get("environment", {}).items():
            if re.search("PASSWORD|TOKEN", key):
                assert VARIABLE.fullmatch(str(value)), f"{service_name}: {key} is written in the file"
        for secret in {name for name, _operator, _argument in variables(service)} & SECRETS:
            with pytest.raises(KeyError):
                environment_of(service, {key: value for key, value in FULL.items() if key != secret})


def test_odoo_gets_a_master_password_and_no_database_manager(compose, docker, tmp_path):
    odoo = compose["services"]["odoo"]
    assert odoo["entrypoint"] == ["/bin/bash", "/mnt/zugong-docker/odoo-entrypoint.sh"]
    assert "./odoo-entrypoint.sh:/mnt/zugong-docker/odoo-entrypoint.sh:ro" in odoo["volumes"]
    assert environment_of(odoo, FULL)["ZUGONG_ADMIN_PASSWORD"] == FULL["ZUGONG_ADMIN_PASSWORD"]
    command = " ".join(odoo["command"])
    assert "--db-filter" not in command and "database-list" not in command and "-d zugong" in command

    # The entrypoint, run as the image runs it, up to the image's own entrypoint.
    config = tmp_path / "odoo.conf"
    script = (docker / "odoo-entrypoint.sh").read_text(encoding="utf-8")
    assert script.count("/tmp/odoo.conf") == 1 and script.rstrip().endswith('exec /entrypoint.sh "$@"')
    script = script.replace("/tmp/odoo.conf", str(config)).replace('exec /entrypoint.sh "$@"', 'echo "$ODOO_RC $*"')
    password = "a master p%ssword; # with = signs"
    environment = {"PATH": os.environ["PATH"], "ZUGONG_ADMIN_PASSWORD": password}
    result = subprocess.run(["bash", "-c", script, "entrypoint", *odoo["command"]], env=environment,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(config), *odoo["command"]]
    assert oct(config.stat().st_mode & 0o777) == "0o600"
    options = configparser.RawConfigParser()
    options.read(config)
    assert dict(options["options"]) == {
        "addons_path": "/mnt/extra-addons", "data_dir": "/var/lib/odoo", "admin_passwd": password,
        "list_db": "False", "dbfilter": "^zugong$",
    }
    for refused in ({}, {"ZUGONG_ADMIN_PASSWORD": ""}, {"ZUGONG_ADMIN_PASSWORD": "two\nlines"}):
        result = subprocess.run(["bash", "-c", script, "entrypoint"], env={"PATH": os.environ["PATH"], **refused},
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == 2 and "ZUGONG_ADMIN_PASSWORD" in result.stderr


def test_the_stats_service_reads_as_the_read_only_role_compose_creates(compose):
    services = compose["services"]
    role_step, stats, odoo = services["stats-role"], services["stats"], services["odoo"]
    arguments = build_parser().parse_args(role_step["command"][1:])
    assert role_step["command"][0] == "zugong-stats" and arguments.command == "grant-readonly-sql"
    assert arguments.apply and arguments.wait >= 600 and arguments.close_other_databases
    assert arguments.password is None and arguments.password_env
    assert role_step.get("restart") == "no"

    step_environment = environment_of(role_step, FULL)
    stats_environment = environment_of(stats, FULL)
    odoo_environment = environment_of(odoo, FULL)
    # The step connects as Odoo's user and gives the role the password the service uses.
    assert step_environment["PGUSER"] == odoo_environment["USER"] == "odoo"
    assert step_environment["PGPASSWORD"] == odoo_environment["PASSWORD"] == FULL["ZUGONG_DB_PASSWORD"]
    assert step_environment[arguments.password_env] == stats_environment["PGPASSWORD"] == FULL["ZUGONG_STATS_DB_PASSWORD"]
    # The service reads Odoo's database as that role, never as Odoo's user.
    assert stats_environment["PGUSER"] == arguments.role != "odoo"
    assert stats_environment["PGPASSWORD"] != odoo_environment["PASSWORD"]
    assert stats_environment["PGDATABASE"] == arguments.database == odoo["command"][odoo["command"].index("-d") + 1]
    assert "ZUGONG_STATS_DSN" not in stats_environment
    assert stats["depends_on"] == {"stats-role": {"condition": "service_completed_successfully"}}
    assert role_step["depends_on"]["odoo"] == {"condition": "service_started"}
    assert stats_environment["ZUGONG_STATS_TOKEN"] == odoo_environment["ZUGONG_STATS_TOKEN"]


def test_the_image_of_the_service_and_of_the_role_step_is_one(compose):
    services = compose["services"]
    assert services["stats"]["build"] == services["stats-role"]["build"]
    assert services["stats"]["image"] == services["stats-role"]["image"]
