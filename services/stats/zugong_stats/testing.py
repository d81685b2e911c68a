"""The service run in a thread of another program, and a hot standby of a PostgreSQL
cluster for the service to read: for the service's own tests, those of its clients
(Odoo's), which need a real server to talk to, and the benchmarks."""
import contextlib
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import threading
import time

import psycopg2
import uvicorn

from .app import create_app


@contextlib.contextmanager
def running_server(settings):
    """The service under uvicorn in a thread, on a free loopback port; yields its URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the service did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(30)
        listener.close()


# What a hot standby must have at least as much of as its primary.
STANDBY_AT_LEAST = ("max_connections", "max_worker_processes", "max_wal_senders",
                    "max_prepared_transactions", "max_locks_per_transaction")


@contextlib.contextmanager
def _connect(parameters, dbname="postgres"):
    conn = psycopg2.connect(**{key: value for key, value in dict(parameters, dbname=dbname).items() if value})
    conn.autocommit = True
    try:
        yield conn
    finally:
        conn.close()


def server_binaries(major):
    """The directory of PostgreSQL's server programs of this major version: Debian's
    /usr/lib/postgresql/<major>/bin, else the pg_ctl on the PATH when it is that version."""
    candidates = [pathlib.Path(f"/usr/lib/postgresql/{major}/bin")]
    if shutil.which("pg_ctl"):
        candidates.append(pathlib.Path(shutil.which("pg_ctl")).parent)
    for directory in candidates:
        if (directory / "pg_basebackup").exists() and (directory / "pg_ctl").exists():
            version = subprocess.run([directory / "pg_ctl", "--version"], capture_output=True, text=True).stdout
            if version.split()[-1].split(".")[0] == str(major):
                return directory
    raise RuntimeError(f"PostgreSQL {major}'s server programs (pg_basebackup, pg_ctl) are not installed")


@contextlib.contextmanager
def hot_standby(primary, directory, port=5433):
    """A hot standby of the PostgreSQL cluster reached with ``primary`` (libpq keywords:
    host, port, user, password; the user needs REPLICATION, as the cluster's superuser
    has it), streaming from it: a base backup (pg_basebackup -R: the standby's
    primary_conninfo is ``primary``) in a new directory under ``directory``, started
    there with its unix socket in that directory and no TCP. Yields the libpq keywords
    that reach the standby (as ``primary``'s user); stops and removes it afterwards.

    PostgreSQL refuses to run as root: as root, the standby belongs to the postgres
    system user, as scripts/lib.sh's clusters do."""
    with _connect(primary) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int / 10000, current_setting('wal_level'), "
                       "current_setting('max_wal_senders')::int")
        major, wal_level, senders = cursor.fetchone()
        if wal_level == "minimal" or not senders:
            raise RuntimeError(f"the primary does not stream its WAL (wal_level={wal_level}, "
                               f"max_wal_senders={senders})")
        cursor.execute("SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", (list(STANDBY_AT_LEAST),))
        at_least = dict(cursor.fetchall())
    binaries = server_binaries(major)
    owner = []
    home = pathlib.Path(tempfile.mkdtemp(prefix="standby-", dir=directory))
    if os.geteuid() == 0:
        owner = ["runuser", "-u", "postgres", "--"]
        shutil.chown(home, "postgres")
    data = home / "data"
    environment = dict(os.environ, PGPASSWORD=primary.get("password") or "")
    options = " ".join([f"-k {home} -p {port} -c listen_addresses='' -c hot_standby=on -c fsync=off",
                        *(f"-c {name}={value}" for name, value in sorted(at_least.items()))])
    started = False
    try:
        try:
            subprocess.run([*owner, binaries / "pg_basebackup", "-h", str(primary.get("host") or ""),
                            "-p", str(primary.get("port") or 5432), "-U", primary["user"], "-D", str(data),
                            "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"],
                           env=environment, check=True, capture_output=True, text=True, timeout=600)
            subprocess.run([*owner, binaries / "pg_ctl", "-D", str(data), "-l", str(home / "server.log"),
                            "-w", "-t", "120", "-o", options, "start"],
                           check=True, capture_output=True, text=True, timeout=180)
        except subprocess.CalledProcessError as error:
            log = home / "server.log"
            raise RuntimeError(f"the hot standby did not start: {error.stderr.strip()}"
                               + (f"\n{log.read_text()[-2000:]}" if log.exists() else "")) from None
        started = True
        yield {"host": str(home), "port": port, "user": primary["user"]}
    finally:
        if started:
            subprocess.run([*owner, binaries / "pg_ctl", "-D", str(data), "-m", "immediate", "stop"],
                           capture_output=True, timeout=120)
        shutil.rmtree(home, ignore_errors=True)


def wait_for_replay(primary, standby, timeout=60):
    """Waits until the standby has replayed all the WAL the primary has written so far
    (every transaction committed on it before the call: up to its WAL insert position,
    which covers commits whose WAL an asynchronous commit has not written out yet);
    returns the seconds it took."""
    started = time.monotonic()
    with _connect(primary) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        target = cursor.fetchone()[0]
    with _connect(standby) as conn, conn.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,))
            if cursor.fetchone()[0]:
                return time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"the standby did not replay up to {target} within {timeout} s")
            time.sleep(0.02)
