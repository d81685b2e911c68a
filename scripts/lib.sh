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

# The virtual environment with the project's requirements; Odoo's come with ensure_odoo.
ensure_venv() {
    if [ ! -x "$PY" ]; then
        log "creating virtual environment $VENV"
        "${ZUGONG_PYTHON:-python3}" -m venv "$VENV"
    fi
    log "installing Python requirements"
    pip_quiet install -r "$ROOT/requirements.txt"
    # The stats service, editable; its dependencies are in requirements.txt.
    pip_quiet install --no-deps -e "$ROOT/services/stats"
    # This checkout's service first on the Python path, whichever copy the environment
    # has installed (a shared environment may point at another checkout).
    export PYTHONPATH="$ROOT/services/stats${PYTHONPATH:+:$PYTHONPATH}"
}

# Odoo's requirements bring psycopg2 built from source; without Odoo, the binary wheel
# (only where none imports: both distributions install the same package directory).
ensure_psycopg2() {
    "$PY" -c 'import psycopg2' 2>/dev/null || pip_quiet install 'psycopg2-binary>=2.9.5'
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

# A cluster in DIR/data (created when missing), listening on a unix socket in DIR only;
# exports PGHOST/PGPORT/PGUSER for everything started afterwards. PostgreSQL refuses to
# run as root, so as root the cluster belongs to the postgres system user.
cluster_owner=()
start_cluster() {
    local dir="$1" bindir
    ensure_postgres_binaries
    bindir="$(pg_bindir)"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root needs the postgres system user"
        chown postgres "$dir"
        cluster_owner=(runuser -u postgres --)
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        "${cluster_owner[@]}" "$bindir/initdb" -D "$dir/data" -U odoo --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    fi
    "${cluster_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir -p 5432 -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$dir/server.log" >&2; die "PostgreSQL did not start"; }
    export PGHOST="$dir" PGPORT=5432 PGUSER=odoo
    unset PGPASSWORD PGDATABASE DATABASE_URL
}

stop_cluster() {
    [ -f "$1/data/PG_VERSION" ] || return 0
    "${cluster_owner[@]}" "$(pg_bindir)/pg_ctl" -D "$1/data" -m "$2" stop >/dev/null 2>&1 || true
}

# A throwaway cluster in a temporary directory; the caller traps stop_throwaway_postgres.
PG_TMP=""
start_throwaway_postgres() {
    PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/zugong-pg.XXXXXX")"
    log "starting throwaway PostgreSQL in $PG_TMP"
    start_cluster "$PG_TMP"
}

stop_throwaway_postgres() {
    [ -n "$PG_TMP" ] || return 0
    stop_cluster "$PG_TMP" immediate
    rm -rf "$PG_TMP"
    PG_TMP=""
}

# The cluster the test command keeps between runs with arguments, with its Odoo test
# database; one test command at a time uses it (the others wait). It lives where the
# postgres system user can reach it when the command runs as root. The caller traps
# stop_kept_postgres.
KEPT_PG="${ZUGONG_TEST_CLUSTER:-/var/tmp/zugong-test-cluster-$(id -u)}"
start_kept_postgres() {
    mkdir -p -m 700 "$KEPT_PG"
    case "$(stat -c %U "$KEPT_PG")" in
        "$(id -un)"|postgres) ;;
        *) die "$KEPT_PG belongs to another user: set ZUGONG_TEST_CLUSTER to a directory of yours" ;;
    esac
    exec 9>"$KEPT_PG.lock"
    flock 9
    log "starting the kept test PostgreSQL in $KEPT_PG"
    stop_cluster "$KEPT_PG" fast
    start_cluster "$KEPT_PG"
}

stop_kept_postgres() {
    stop_cluster "$KEPT_PG" fast
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

# Where the commands keep Odoo 18.0 when it is not importable: a shallow clone of the
# official 18.0 branch, made on the first run and reused afterwards (also offline).
# ZUGONG_ODOO_SRC may name an Odoo 18.0 source tree of one's own, used as it is.
ODOO_SRC="${ZUGONG_ODOO_SRC:-${XDG_CACHE_HOME:-$HOME/.cache}/zugong/odoo}"
ODOO_GIT_URL="https://github.com/odoo/odoo.git"
ODOO_BRANCH="18.0"
ODOO_MISSING=""

is_odoo_tree() {
    [ -f "$1/odoo/release.py" ] && grep -q '^version_info = (18, 0,' "$1/odoo/release.py"
}

# Makes Odoo 18 importable from $PY, or sets ODOO_MISSING to the reason and fails:
# an importable Odoo is used as it is; otherwise the tree in ODOO_SRC (cloned there when
# the directory is missing or empty) goes on PYTHONPATH with its requirements installed
# into the virtual environment.
ensure_odoo() {
    if odoo_importable; then
        "$PY" -c 'import pytest_odoo' 2>/dev/null || pip_quiet install -r "$ROOT/requirements-odoo.txt"
        return 0
    fi
    if ! is_odoo_tree "$ODOO_SRC"; then
        if [ -d "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
            ODOO_MISSING="ZUGONG_ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 source tree"
            return 1
        fi
        clone_odoo || return 1
    fi
    export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
    install_odoo_requirements || return 1
    if ! odoo_importable; then
        ODOO_MISSING="Odoo in $ODOO_SRC does not import with $PY"
        return 1
    fi
}

clone_odoo() {
    local partial="$ODOO_SRC.partial.$$"
    command -v git >/dev/null || { ODOO_MISSING="git is missing, so Odoo 18.0 cannot be cloned into $ODOO_SRC"; return 1; }
    log "cloning Odoo $ODOO_BRANCH from $ODOO_GIT_URL into $ODOO_SRC (once; reused afterwards)"
    mkdir -p "$(dirname "$ODOO_SRC")"
    rm -rf "$partial"
    if ! GIT_TERMINAL_PROMPT=0 git -c http.lowSpeedLimit=1000 -c http.lowSpeedTime=60 \
            clone --quiet --depth 1 --branch "$ODOO_BRANCH" "$ODOO_GIT_URL" "$partial" >&2; then
        rm -rf "$partial"
        ODOO_MISSING="Odoo 18 is not importable and cloning $ODOO_GIT_URL into $ODOO_SRC failed (no network?)"
        return 1
    fi
    rmdir "$ODOO_SRC" 2>/dev/null || true
    mv "$partial" "$ODOO_SRC"
}

# Odoo's requirements.txt, with the pins that do not build on the running Python replaced
# by ones that do and the optional LDAP client left out (it needs system headers), plus
# the pytest plugin that runs the Odoo suites. Installed once per requirements file:
# a stamp in the virtual environment remembers it.
install_odoo_requirements() {
    local requirements="$VENV/odoo-requirements.txt" stamp="$VENV/odoo-requirements.sha256"
    "$PY" - "$ODOO_SRC/requirements.txt" "$ROOT/requirements-odoo.txt" >"$requirements" <<'PYEOF'
import sys
# pin on the running Python -> the pin that builds there
REPLACED = {"cbor2==5.4.2": "cbor2==5.6.2"}
OPTIONAL = ("python-ldap",)
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        requirement = line.split("#", 1)[0].strip()
        if not requirement or requirement.startswith(OPTIONAL):
            continue
        name, _, marker = requirement.partition(";")
        print(REPLACED.get(name.strip(), name.strip()) + (f" ; {marker.strip()}" if marker else ""))
PYEOF
    if [ -f "$stamp" ] && sha256sum --check --status "$stamp" 2>/dev/null; then
        return 0
    fi
    log "installing Odoo's Python requirements into $VENV"
    if ! pip_quiet install -r "$requirements"; then
        log "a requirement has no wheel here: installing Debian's build dependencies and retrying"
        install_build_dependencies
        pip_quiet install -r "$requirements" || {
            ODOO_MISSING="Odoo's requirements ($requirements) could not be installed into $VENV"
            return 1
        }
    fi
    sha256sum "$requirements" >"$stamp"
}

pip_quiet() {
    "$PY" -m pip --quiet --disable-pip-version-check "$@"
}

install_build_dependencies() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential \
        python3-dev libpq-dev libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev libffi-dev \
        libssl-dev libsasl2-dev libldap2-dev >/dev/null
}

# The browser the tours run in: Debian's chromium when no Chrome is installed.
ensure_chromium() {
    local browser
    for browser in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$browser" >/dev/null && return 0
    done
    log "Chrome is missing: installing Debian's chromium for the tours"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    command -v chromium >/dev/null || die "chromium still missing after installing it"
}

# The official documents' PDF (notices and bulletin issues in the GB/T 9704-2012 layout):
# LibreOffice renders their docx, with the free Fandol fonts (which cover all 6,763
# characters of GB2312) of texlive-lang-chinese; pdftoppm (poppler-utils) renders a page
# of them as PNG in the tests. Installs only what is missing, without recommends.
ensure_document_tools() {
    local missing=()
    command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
    ls /usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf \
        >/dev/null 2>&1 || missing+=(texlive-lang-chinese)
    command -v pdftoppm >/dev/null || missing+=(poppler-utils)
    [ ${#missing[@]} -gt 0 ] || return 0
    log "installing Debian's ${missing[*]} for the official documents' PDF"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
    command -v soffice >/dev/null || die "soffice still missing after installing libreoffice-writer-nogui"
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


# Installs both addons with their demo data and Chinese into a new database DB (Odoo's
# data directory DATA_DIR), and fails when the install logs an error.
install_test_database() {
    local db="$1" data_dir="$2" log_file status=0
    log_file="$(mktemp "${TMPDIR:-/tmp}/zugong-odoo-install.XXXXXX.log")"
    log "installing $(addon_names) into a new database $db (log: $log_file)"
    odoo -d "$db" -i "$(addon_names)" --data-dir="$data_dir" --load-language=zh_CN \
        --stop-after-init --workers=0 --max-cron-threads=0 --http-port="$(free_port)" \
        --log-level=info --logfile="$log_file" || status=$?
    if [ "$status" -ne 0 ] || grep -E ' (ERROR|CRITICAL) ' "$log_file" >&2; then
        die "installing the addons failed (full log: $log_file)"
    fi
    rm -f "$log_file"
}

# The kept test database, installed when missing and updated when the addons changed
# since (their files other than tests, by checksum); reinstalled when the update fails.
update_kept_test_database() {
    local db="$1" data_dir="$2" stamp="$KEPT_PG/$1.addons.sha256" checksum
    checksum="$(cd "$ROOT" && find addons -type f -not -path '*/tests/*' -not -name '*.pyc' \
        | sort | xargs sha256sum | sha256sum | cut -d' ' -f1)"
    if database_exists "$db" && [ "$(cat "$stamp" 2>/dev/null)" = "$checksum" ]; then
        return 0
    fi
    if database_exists "$db" && [ -f "$stamp" ]; then
        log "the addons changed: updating $db"
        if odoo -d "$db" -u "$(addon_names)" --data-dir="$data_dir" --stop-after-init \
                --workers=0 --max-cron-threads=0 --http-port="$(free_port)" --log-level=warn; then
            echo "$checksum" >"$stamp"
            return 0
        fi
        log "updating $db failed: installing it afresh"
    fi
    rm -f "$stamp"
    "$PY" -c 'import sys, psycopg2; conn = psycopg2.connect(dbname="postgres"); conn.autocommit = True; conn.cursor().execute(f"DROP DATABASE IF EXISTS \"{sys.argv[1]}\"")' "$db"
    rm -rf "$data_dir/filestore/$db"
    install_test_database "$db" "$data_dir"
    echo "$checksum" >"$stamp"
}

database_exists() {
    "$PY" -c 'import sys, psycopg2; cr = psycopg2.connect(dbname="postgres").cursor(); cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [sys.argv[1]]); sys.exit(0 if cr.fetchone() else 1)' "$1" 2>/dev/null
}

addon_names() {
    (cd "$ROOT/addons" && ls -d */ | tr -d / | paste -sd, -)
}

# An Odoo configuration file for pytest-odoo, beside the data directory: the database DB
# of the PG* server, the data directory DATA_DIR, the addons path. Prints its path.
write_odoo_config() {
    local config="$(dirname "$2")/odoo.conf"
    cat >"$config" <<CONF
[options]
db_name = $1
db_host = ${PGHOST:-}
db_port = ${PGPORT:-}
db_user = ${PGUSER:-}
db_password = ${PGPASSWORD:-}
data_dir = $2
addons_path = $(odoo_addons_path)
http_interface = 127.0.0.1
workers = 0
max_cron_threads = 0
CONF
    echo "$config"
}
