"""The compose files' defaults are safe, read statically (no Docker engine needed): ports
on the loopback interface unless ZUGONG_BIND says otherwise, every secret from the
environment with no default, Odoo's master password set and its database manager off,
and the stats service reading as the read-only role the compose setup creates. The
production file's shape besides: Odoo's workers behind nginx in proxy mode, its
websocket on the gevent port, and the stats service on a hot standby streaming from the
primary; its scripts run here with stand-ins for the programs of the images."""
import base64
import configparser
import hashlib
import hmac
import os
import re
import subprocess

import psycopg2
import psycopg2.extensions
import pytest
import yaml

from zugong_stats.cli import build_parser
from zugong_stats.config import Settings

SECRETS = {"ZUGONG_ADMIN_PASSWORD", "ZUGONG_DB_PASSWORD", "ZUGONG_STATS_DB_PASSWORD", "ZUGONG_STATS_TOKEN"}
REPLICATION_SECRET = "ZUGONG_REPLICATION_PASSWORD"
# Each compose file: the services it publishes, the secrets it requires.
COMPOSE_FILES = {
    "compose.yaml": ({"odoo", "stats"}, SECRETS),
    "compose.production.yaml": ({"proxy"}, SECRETS | {REPLICATION_SECRET}),
}
VARIABLE = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?:(?P<operator>:[-?])(?P<argument>[^}]*))?\}")


@pytest.fixture(scope="module")
def docker(root):
    return root / "docker"


@pytest.fixture(scope="module", params=sorted(COMPOSE_FILES))
def compose_file(request):
    return request.param


@pytest.fixture(scope="module")
def compose(docker, compose_file):
    return yaml.safe_load((docker / compose_file).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def production(docker):
    return yaml.safe_load((docker / "compose.production.yaml").read_text(encoding="utf-8"))


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


def command_of(service, environment):
    return [interpolate(str(argument), environment) for argument in service["command"]]


def options(command):
    """--name=value and -c name=value options of a command line: {name: value}."""
    found = {}
    for position, argument in enumerate(command):
        if argument.startswith("--"):
            name, _, value = argument[2:].partition("=")
            found[name] = value
        elif argument == "-c":
            name, _, value = command[position + 1].partition("=")
            found[name] = value
    return found


def connection_of(environment):
    """The libpq keywords a service connects with: its PG* variables, overridden by
    what ZUGONG_STATS_DSN says."""
    keywords = {keyword: environment[variable] for variable, keyword in (
        ("PGHOST", "host"), ("PGPORT", "port"), ("PGUSER", "user"), ("PGPASSWORD", "password"),
        ("PGDATABASE", "dbname")) if variable in environment}
    if environment.get("ZUGONG_STATS_DSN"):
        keywords.update(psycopg2.extensions.parse_dsn(environment["ZUGONG_STATS_DSN"]))
    return keywords


def odoo_services(compose):
    """The services running Odoo: its image, or that image with the official documents'
    packages (docker/odoo.Dockerfile)."""
    return {name: service for name, service in compose["services"].items()
            if service.get("image", "").startswith("odoo:")
            or service.get("build", {}).get("dockerfile") == "odoo.Dockerfile"}


FULL = {name: f"secret-{name.lower()}" for name in SECRETS | {REPLICATION_SECRET}}


def test_every_published_port_is_on_the_loopback_unless_told_otherwise(compose, compose_file):
    published = {name: service.get("ports", []) for name, service in compose["services"].items()}
    # PostgreSQL is reached on the compose network only (and, in production, Odoo and
    # the stats service too: nginx alone is published).
    assert {name for name, ports in published.items() if ports} == COMPOSE_FILES[compose_file][0]
    for name, ports in published.items():
        for port in ports:
            assert isinstance(port, str), f"{name}: ports in the short form, with the host address"
            assert interpolate(port, FULL).split(":")[0] == "127.0.0.1", (name, port)
            assert interpolate(port, dict(FULL, ZUGONG_BIND="0.0.0.0")).split(":")[0] == "0.0.0.0", (name, port)


def test_every_secret_comes_from_the_environment_without_a_default(compose, compose_file):
    used = variables(compose)
    required = {name for name, operator, _argument in used if operator == ":?"}
    assert required == COMPOSE_FILES[compose_file][1]
    for name, operator, argument in used:
        if name in SECRETS or re.search("PASSWORD|TOKEN|SECRET", name):
            assert operator == ":?", f"{name} has a default or may be empty"
    for service_name, service in compose["services"].items():
        for key, value in service.get("environment", {}).items():
            if re.search("PASSWORD|TOKEN", key):
                assert VARIABLE.fullmatch(str(value)), f"{service_name}: {key} is written in the file"
        for secret in {name for name, _operator, _argument in variables(service)} & required:
            with pytest.raises(KeyError):
                environment_of(service, {key: value for key, value in FULL.items() if key != secret})


def test_odoo_gets_a_master_password_and_no_database_manager(compose, docker, tmp_path):
    for odoo in odoo_services(compose).values():
        assert odoo["entrypoint"] == ["/bin/bash", "/mnt/zugong-docker/odoo-entrypoint.sh"]
        assert "./odoo-entrypoint.sh:/mnt/zugong-docker/odoo-entrypoint.sh:ro" in odoo["volumes"]
        assert environment_of(odoo, FULL)["ZUGONG_ADMIN_PASSWORD"] == FULL["ZUGONG_ADMIN_PASSWORD"]
        command = " ".join(odoo["command"])
        assert "--db-filter" not in command and "database-list" not in command and "-d zugong" in command
    odoo = compose["services"]["odoo"]

    # The entrypoint, run as the image runs it, up to the image's own entrypoint.
    config = tmp_path / "odoo.conf"
    script = (docker / "odoo-entrypoint.sh").read_text(encoding="utf-8")
    assert script.count("/tmp/odoo.conf") == 1 and script.rstrip().endswith('exec /entrypoint.sh "$@"')
    script = script.replace("/tmp/odoo.conf", str(config)).replace('exec /entrypoint.sh "$@"', 'echo "$ODOO_RC $*"')
    password = "a master p%ssword; # with = signs"
    environment = {"PATH": os.environ["PATH"], "ZUGONG_ADMIN_PASSWORD": password}
    command = command_of(odoo, FULL)
    result = subprocess.run(["bash", "-c", script, "entrypoint", *command], env=environment,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(config), *command]
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

    step = connection_of(environment_of(role_step, FULL))
    service = connection_of(environment_of(stats, FULL))
    odoo_environment = environment_of(odoo, FULL)
    # The step connects as Odoo's user, to the server Odoo writes to, and gives the role
    # the password the service uses.
    assert step["user"] == odoo_environment["USER"] == "odoo"
    assert step["password"] == odoo_environment["PASSWORD"] == FULL["ZUGONG_DB_PASSWORD"]
    assert step["host"] == odoo_environment["HOST"]
    assert environment_of(role_step, FULL)[arguments.password_env] == service["password"] \
        == FULL["ZUGONG_STATS_DB_PASSWORD"]
    # The service reads Odoo's database as that role, never as Odoo's user: on the server
    # Odoo writes to, or on a standby streaming from it.
    assert service["user"] == arguments.role != "odoo"
    assert service["password"] != odoo_environment["PASSWORD"]
    assert service["dbname"] == arguments.database == odoo["command"][odoo["command"].index("-d") + 1]
    assert "password" not in psycopg2.extensions.parse_dsn(environment_of(stats, FULL).get("ZUGONG_STATS_DSN", ""))
    assert service["host"] == odoo_environment["HOST"] or \
        environment_of(services[service["host"]], FULL)["ZUGONG_PRIMARY_HOST"] == odoo_environment["HOST"]
    assert stats["depends_on"]["stats-role"] == {"condition": "service_completed_successfully"}
    # The step waits for the addons' install (Odoo starting it, or a one-shot install).
    installer, = (name for name, service in odoo_services(compose).items() if "-i" in service["command"])
    assert role_step["depends_on"][installer]["condition"] in ("service_started", "service_completed_successfully")
    assert environment_of(stats, FULL)["ZUGONG_STATS_TOKEN"] == odoo_environment["ZUGONG_STATS_TOKEN"]


def test_the_image_of_the_service_and_of_the_role_step_is_one(compose):
    services = compose["services"]
    assert services["stats"]["build"] == services["stats-role"]["build"]
    assert services["stats"]["image"] == services["stats-role"]["image"]


# ---------------------------------------------------------------- the production shape

def test_production_odoo_runs_workers_in_proxy_mode_reached_through_nginx_alone(production):
    services = production["services"]
    odoo, init, proxy, db = services["odoo"], services["odoo-init"], services["proxy"], services["db"]
    command = command_of(odoo, FULL)
    served = options(command)
    workers = int(served["workers"])
    assert workers >= 2 and int(options(command_of(odoo, dict(FULL, ZUGONG_ODOO_WORKERS="9")))["workers"]) == 9
    assert "proxy-mode" in served and served["gevent-port"] == "8072" and int(served["max-cron-threads"]) >= 1
    assert "-i" not in command and "-u" not in command, "the serving Odoo installs and upgrades nothing"
    # proxy mode trusts X-Forwarded-*: nothing but the proxy may reach Odoo
    assert "ports" not in odoo and proxy["depends_on"] == {"odoo": {"condition": "service_healthy"}}
    # Every process of Odoo (the workers, cron, gevent) keeps at most db_maxconn
    # connections, with room left under the primary's max_connections.
    assert (workers + 2) * int(served["db_maxconn"]) + 20 <= int(options(db["command"])["max_connections"])

    # The install is a one-shot, without demo data, before Odoo serves.
    installed = command_of(init, FULL)
    assert {"-i", "--stop-after-init", "--without-demo=all"} <= set(installed) and init["restart"] == "no"
    assert options(installed)["workers"] == "0"
    assert odoo["depends_on"] == {"odoo-init": {"condition": "service_completed_successfully"}}
    assert {key: value for key, value in init.items() if key in ("volumes", "entrypoint")} == \
        {key: value for key, value in odoo.items() if key in ("volumes", "entrypoint")}
    assert "./nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    assert "./tls:/etc/nginx/tls:ro" in proxy["volumes"]


def nginx_directives(text):
    """nginx.conf as nested (name, arguments, children or None) tuples."""
    tokens = re.findall(r"\"[^\"]*\"|'[^']*'|[{};]|[^\s{};]+", re.sub(r"#[^\n]*", "", text))

    def block(position):
        directives, words = [], []
        while position < len(tokens):
            token = tokens[position]
            position += 1
            if token == ";":
                directives.append((words[0], words[1:], None))
                words = []
            elif token == "{":
                children, position = block(position)
                directives.append((words[0], words[1:], children))
                words = []
            elif token == "}":
                return directives, position
            else:
                words.append(token)
        return directives, position
    return block(0)[0]


def named(directives, name):
    return [(arguments, children) for directive, arguments, children in directives if directive == name]


def test_nginx_routes_odoo_and_its_websocket_with_the_forwarded_headers(docker, production):
    config = nginx_directives((docker / "nginx.conf").read_text(encoding="utf-8"))
    upstreams = {arguments[0]: [server for server, _children in named(children, "server")]
                 for arguments, children in named(config, "upstream")}
    gevent_port = options(command_of(production["services"]["odoo"], FULL))["gevent-port"]
    assert upstreams == {"odoo_workers": [["odoo:8069"]], "odoo_gevent": [[f"odoo:{gevent_port}"]]}

    servers = {" ".join(named(children, "listen")[0][0]): children for _arguments, children in named(config, "server")}
    assert set(servers) == {"80", "443 ssl"}
    assert [directive for directive, _arguments, _children in servers["80"]] == ["listen", "server_tokens", "return"]
    assert named(servers["80"], "return")[0][0] == ["301", "https://$host$request_uri"]
    https = servers["443 ssl"]
    for name in ("ssl_certificate", "ssl_certificate_key"):
        assert named(https, name)[0][0][0].startswith("/etc/nginx/tls/"), "the mounted tls directory"
    assert named(https, "server_tokens")[0][0] == ["off"]

    locations = {" ".join(arguments): children for arguments, children in named(https, "location")}
    assert set(locations) == {"^~ /web/database/", "/websocket", "/"}
    assert named(locations["^~ /web/database/"], "return")[0][0] == ["404"]
    assert named(locations["/websocket"], "proxy_pass")[0][0] == ["http://odoo_gevent"]
    assert named(locations["/"], "proxy_pass")[0][0] == ["http://odoo_workers"]
    assert named(locations["/websocket"], "proxy_http_version")[0][0] == ["1.1"]
    for path in ("/websocket", "/"):
        # A location that sets headers inherits none: each sets them all, overwriting
        # what the client sent.
        headers = {arguments[0]: arguments[1] for arguments, _children in named(locations[path], "proxy_set_header")}
        assert {name: headers.get(name) for name in ("Host", "X-Forwarded-Host", "X-Forwarded-For",
                                                      "X-Forwarded-Proto")} == {
            "Host": "$host", "X-Forwarded-Host": "$host", "X-Forwarded-For": "$remote_addr",
            "X-Forwarded-Proto": "$scheme"}, path
    websocket_headers = {arguments[0]: arguments[1] for arguments, _children in
                         named(locations["/websocket"], "proxy_set_header")}
    assert websocket_headers["Upgrade"] == "$http_upgrade"
    assert websocket_headers["Connection"] == "$connection_upgrade"
    assert not named(https, "proxy_set_header"), "server-level headers would be lost in the locations"


def test_production_stats_service_reads_a_hot_standby_streaming_from_the_primary(production):
    services = production["services"]
    db, replica, stats = services["db"], services["db-replica"], services["stats"]
    primary_settings, replica_settings = options(db["command"]), options(replica["command"])
    assert primary_settings["wal_level"] == "replica" and int(primary_settings["max_wal_senders"]) >= 2
    assert int(primary_settings["max_replication_slots"]) >= 1 and primary_settings["max_slot_wal_keep_size"]
    assert "./primary-init.sh:/docker-entrypoint-initdb.d/zugong-replication.sh:ro" in db["volumes"]
    assert environment_of(db, FULL)[REPLICATION_SECRET] == FULL[REPLICATION_SECRET]

    assert replica["image"] == db["image"] and "ports" not in replica and "ports" not in db
    assert replica["entrypoint"] == ["/bin/bash", "/mnt/zugong-docker/replica-entrypoint.sh"]
    assert "./replica-entrypoint.sh:/mnt/zugong-docker/replica-entrypoint.sh:ro" in replica["volumes"]
    assert replica["depends_on"] == {"db": {"condition": "service_healthy"}}
    replica_environment = environment_of(replica, FULL)
    assert replica_environment["ZUGONG_PRIMARY_HOST"] == "db"
    assert replica_environment[REPLICATION_SECRET] == FULL[REPLICATION_SECRET]
    assert replica["command"][0] == "postgres" and replica_settings["hot_standby"] == "on"
    # A hot standby refuses to start with fewer connections than its primary.
    assert int(replica_settings["max_connections"]) >= int(primary_settings["max_connections"])
    assert {volume.split(":")[0] for volume in replica["volumes"]}.isdisjoint(
        {volume.split(":")[0] for volume in db["volumes"]})

    environment = environment_of(stats, FULL)
    assert connection_of(environment)["host"] == "db-replica"
    assert stats["depends_on"]["db-replica"] == {"condition": "service_healthy"}
    assert Settings.from_environ(environment).max_replica_lag == 60
    assert Settings.from_environ(environment_of(stats, dict(FULL, ZUGONG_STATS_MAX_REPLICA_LAG="15"))) \
        .max_replica_lag == 15
    assert "ports" not in stats, "Odoo reaches it on the compose network"


STAND_INS = {
    # each records its command line in $STAND_IN_LOG
    "pg_isready": "exit 0",
    "chown": "exit 0",
    "gosu": 'shift; exec "$@"',
    "docker-entrypoint.sh": "exit 0",
    "pg_basebackup": """
echo "PGPASSWORD=$PGPASSWORD" >>"$STAND_IN_LOG"
for argument; do case "$argument" in --pgdata=*) data="${argument#--pgdata=}" ;; esac; done
if [ -n "${SLOT_EXISTS:-}" ] && [[ " $* " == *" --create-slot "* ]]; then
    touch "$data/half-made"; echo "replication slot already exists" >&2; exit 1
fi
echo 16 >"$data/PG_VERSION"; touch "$data/standby.signal"
""",
}


def stand_ins(directory):
    directory.mkdir()
    for name, body in STAND_INS.items():
        path = directory / name
        path.write_text(f'#!/bin/bash\necho "{name} $*" >>"$STAND_IN_LOG"\n{body}\n')
        path.chmod(0o755)
    return directory


def test_the_replica_entrypoint_makes_the_standby_once_then_starts_it(docker, production, tmp_path):
    script = docker / "replica-entrypoint.sh"
    command = production["services"]["db-replica"]["command"]
    log, data = tmp_path / "log", tmp_path / "data"
    environment = {"PATH": f"{stand_ins(tmp_path / 'bin')}:{os.environ['PATH']}", "STAND_IN_LOG": str(log),
                   "PGDATA": str(data), "ZUGONG_PRIMARY_HOST": "db", REPLICATION_SECRET: "a secret"}

    def run(**extra):
        log.write_text("")
        result = subprocess.run(["bash", str(script), *command], env=dict(environment, **extra),
                                capture_output=True, text=True, timeout=60)
        return result, log.read_text().splitlines()

    result, calls = run()
    assert result.returncode == 0, result.stderr
    backups = [call.split() for call in calls if call.startswith("pg_basebackup ")]
    assert len(backups) == 1
    assert set(backups[0][1:]) >= {f"--pgdata={data}", "--host=db", "--username=zugong_replication",
                                   "--write-recovery-conf", "--wal-method=stream", "--slot=zugong_replica",
                                   "--create-slot"}
    assert f"gosu postgres pg_basebackup {' '.join(backups[0][1:])}" in calls, "as the postgres user"
    assert "PGPASSWORD=a secret" in calls
    assert not [call for call in calls if "a secret" in call and not call.startswith("PGPASSWORD=")], \
        "the password is on no command line"
    assert calls[-1] == f"docker-entrypoint.sh {' '.join(command)}"
    assert (data / "standby.signal").exists() and oct(data.stat().st_mode & 0o777) == "0o700"

    # Made: started as it is.
    result, calls = run()
    assert result.returncode == 0 and calls == [f"docker-entrypoint.sh {' '.join(command)}"]

    # Made again after its volume was lost: the slot of the first is taken over.
    for path in data.iterdir():
        path.unlink()
    result, calls = run(SLOT_EXISTS="1")
    assert result.returncode == 0, result.stderr
    backups = [call.split() for call in calls if call.startswith("pg_basebackup ")]
    assert len(backups) == 2 and "--create-slot" in backups[0] and "--create-slot" not in backups[1]
    assert sorted(path.name for path in data.iterdir()) == ["PG_VERSION", "standby.signal"]

    result = subprocess.run(["bash", str(script), *command], env=dict(environment, **{REPLICATION_SECRET: ""}),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and REPLICATION_SECRET in result.stderr


def scram_matches(secret, password):
    """Whether PostgreSQL's SCRAM-SHA-256 secret is that of ``password``."""
    iterations_salt, keys = secret.removeprefix("SCRAM-SHA-256$").split("$")
    iterations, salt = iterations_salt.split(":")
    stored_key, _server_key = keys.split(":")
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return hashlib.sha256(client_key).digest() == base64.b64decode(stored_key)


def test_the_primary_init_creates_the_replication_role_and_lets_it_stream_alone(docker, tmp_path):
    """primary-init.sh run with the real psql against the test server, as the postgres
    image runs it against the new primary."""
    if not os.environ.get("PGHOST"):
        pytest.fail("PGHOST is not set: run the tests with scripts/test, which starts PostgreSQL")
    data = tmp_path / "data"
    data.mkdir()
    (data / "pg_hba.conf").write_text("local all all trust\n")
    password = "it's a \"quoted\" pa$$word; DROP ROLE odoo;"

    def run(secret):
        environment = dict(os.environ, PGDATA=str(data), POSTGRES_USER=os.environ.get("PGUSER", "postgres"))
        environment[REPLICATION_SECRET] = secret
        return subprocess.run(["bash", str(docker / "primary-init.sh")], env=environment,
                              capture_output=True, text=True, timeout=60)

    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("DROP ROLE IF EXISTS zugong_replication")
            result = run("")
            assert result.returncode == 2 and REPLICATION_SECRET in result.stderr
            cursor.execute("SELECT count(*) FROM pg_roles WHERE rolname = 'zugong_replication'")
            assert cursor.fetchone()[0] == 0
            result = run(password)
            assert result.returncode == 0, result.stderr
            cursor.execute("""SELECT rolreplication, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolpassword
                                FROM pg_authid WHERE rolname = 'zugong_replication'""")
            *attributes, secret = cursor.fetchone()
            assert attributes == [True, True, False, False, False]
            assert scram_matches(secret, password)
            assert (data / "pg_hba.conf").read_text() == (
                "local all all trust\nhost replication zugong_replication samenet scram-sha-256\n")
    finally:
        with conn.cursor() as cursor:
            cursor.execute("DROP ROLE IF EXISTS zugong_replication")
        conn.close()
