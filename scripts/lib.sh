# Shared by scripts/run and scripts/test: the virtual environment, PostgreSQL and Odoo.
# Sourced, not executed. Every function prints what it does on stderr.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ZUGONG_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        die "need root to run: $*"; fi
}

# The virtual environment with the project's requirements. Odoo itself is not installed
# here: it is found on the Python path (see README) when present.
ensure_venv() {
    if [ ! -x "$PY" ]; then
        log "creating virtual environment $VENV"
        "${ZUGONG_PYTHON:-python3}" -m venv --system-site-packages "$VENV"
    fi
    log "installing Python requirements"
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements.txt"
    # Odoo brings its own psycopg2 build; add the binary wheel only where none imports,
    # since both distributions install the same package directory.
    if ! "$PY" -c 'import psycopg2' 2>/dev/null; then
        "$PY" -m pip install --quiet --disable-pip-version-check 'psycopg2-binary>=2.9.5'
    fi
    # The stats service, editable; its dependencies are in requirements.txt.
    "$PY" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT/services/stats"
    # This checkout's service first on the Python path, whichever copy the environment
    # has installed (a shared environment may point at another checkout).
    export PYTHONPATH="$ROOT/services/stats${PYTHONPATH:+:$PYTHONPATH}"
}

pg_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

ensure_postgres_binaries() {
    pg_bindir >/dev/null && return 0
    log "PostgreSQL server binaries missing: installing Debian's postgresql"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_bindir >/dev/null || die "PostgreSQL server binaries still missing after installing postgresql"
}

# Starts a throwaway cluster in a temporary directory, listening on a unix socket only,
# and exports PGHOST/PGPORT/PGUSER for everything started afterwards. The caller traps
# stop_throwaway_postgres. PostgreSQL refuses to run as root, so as root the cluster
# belongs to the postgres system user.
PG_TMP=""
start_throwaway_postgres() {
    ensure_postgres_binaries
    local bindir owner=()
    bindir="$(pg_bindir)"
    PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/zugong-pg.XXXXXX")"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root needs the postgres system user"
        chown postgres "$PG_TMP"
        owner=(runuser -u postgres --)
    fi
    log "starting throwaway PostgreSQL in $PG_TMP"
    "${owner[@]}" "$bindir/initdb" -D "$PG_TMP/data" -U odoo --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 || { cat "$PG_TMP/initdb.log" >&2; die "initdb failed"; }
    "${owner[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
        -o "-k $PG_TMP -p 5432 -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$PG_TMP/server.log" >&2; die "PostgreSQL did not start"; }
    export PGHOST="$PG_TMP" PGPORT=5432 PGUSER=odoo
    unset PGPASSWORD PGDATABASE DATABASE_URL
}

stop_throwaway_postgres() {
    [ -n "$PG_TMP" ] && [ -d "$PG_TMP/data" ] || return 0
    local owner=()
    [ "$(id -u)" = 0 ] && owner=(runuser -u postgres --)
    "${owner[@]}" "$(pg_bindir)/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
    PG_TMP=""
}

# DATABASE_URL=postgresql://user:password@host:port/dbname becomes the libpq PG* variables,
# which Odoo, psql and psycopg2 all honour.
export_database_url() {
    [ -n "${DATABASE_URL:-}" ] || return 0
    eval "$("$PY" - <<'PYEOF'
import os, shlex
from urllib.parse import urlsplit, unquote
url = urlsplit(os.environ["DATABASE_URL"])
pairs = {"PGHOST": url.hostname, "PGPORT": url.port, "PGUSER": url.username,
         "PGPASSWORD": url.password, "PGDATABASE": url.path.lstrip("/")}
for key, value in pairs.items():
    if value:
        print(f"export {key}={shlex.quote(unquote(str(value)))}")
PYEOF
)"
}

odoo_importable() {
    "$PY" -c 'import odoo.release, sys; sys.exit(odoo.release.version_info[0] != 18)' 2>/dev/null
}

# Odoo's own addons directories (base and the standard addons), then ours.
odoo_addons_path() {
    if [ -n "${ODOO_ADDONS_PATH:-}" ]; then echo "$ODOO_ADDONS_PATH,$ROOT/addons"; return; fi
    "$PY" - "$ROOT/addons" <<'PYEOF'
import os, sys
import odoo
package = os.path.dirname(odoo.__file__)
candidates = [os.path.join(os.path.dirname(package), "addons"), os.path.join(package, "addons")]
print(",".join([path for path in candidates if os.path.isdir(path)] + [sys.argv[1]]))
PYEOF
}

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# odoo CMD ARGS...: runs Odoo with the database from the PG* environment. Run in the
# background (odoo ... &), the background process becomes Odoo itself: $! is Odoo's pid,
# and stopping it stops Odoo.
odoo() {
    local args=(--addons-path="$(odoo_addons_path)" --http-interface=127.0.0.1)
    [ -n "${PGHOST:-}" ] && args+=(--db_host="$PGHOST")
    [ -n "${PGPORT:-}" ] && args+=(--db_port="$PGPORT")
    [ -n "${PGUSER:-}" ] && args+=(--db_user="$PGUSER")
    [ -n "${PGPASSWORD:-}" ] && args+=(--db_password="$PGPASSWORD")
    if [ "$BASHPID" != "$$" ]; then
        TZ=UTC exec "$PY" -m odoo "${args[@]}" "$@"
    fi
    TZ=UTC "$PY" -m odoo "${args[@]}" "$@"
}

ODOO_MISSING="Odoo 18 is not importable from $PY"
