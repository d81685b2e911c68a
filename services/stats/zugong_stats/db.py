"""The connection pool, with every wait bounded: for a free connection, for connecting,
and for each statement (PostgreSQL's statement_timeout, and a client-side deadline for a
server that stops answering altogether). On a hot standby, each read first checks that
the standby is not further behind its primary than the configured bound."""
import contextlib
import functools
import select
import threading
import time
import typing

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.pool

from .contract import load_contract


class DatabaseError(Exception):
    """The database cannot answer now; the request may be retried later."""

    code = "database_unavailable"
    # The client's explanation, in Chinese, where it says more than the code's own.
    message = None


class DatabaseUnavailable(DatabaseError):
    code = "database_unavailable"


class DatabaseTimeout(DatabaseError):
    code = "database_timeout"


class DatabaseBusy(DatabaseError):
    code = "database_busy"


class ReplicaLagging(DatabaseError):
    """The database is a hot standby whose data may be further behind its primary than
    the bound allows (or cannot be shown not to be)."""

    code = "replica_lagging"

    def __init__(self, replayed_age, bound, receiving):
        self.replayed_age = replayed_age
        self.bound = bound
        self.receiving = receiving
        age = "nothing replayed yet" if replayed_age is None else f"last replayed commit {replayed_age:.0f} s old"
        link = "WAL receiver streaming, replay behind" if receiving else "no WAL receiver connected to the primary"
        super().__init__(f"the standby may be behind its primary by more than {bound:g} s ({age}; {link})")

    @property
    def message(self):
        link = "" if self.receiving else "与主库的复制连接已中断，"
        if self.replayed_age is None:
            synced = "尚未从主库同步到任何数据"
        else:
            synced = f"已同步的最新数据是 {self.replayed_age:.0f} 秒前提交的，超过允许的 {self.bound:g} 秒"
        return (f"统计数据库是只读副本，{link}{synced}。为免通报使用过时的数据，暂不出具，请稍后重试。")


class DeadlineExceeded(psycopg2.OperationalError):
    pass


# Where a hot standby stands: the last commit it replayed (its age by the primary's commit
# timestamp), whether WAL it received is still waiting to be replayed, and whether a WAL
# receiver is connected to the primary (its pid is the one column of pg_stat_wal_receiver
# every role may read). On a primary the functions answer NULL.
REPLICA_STATE_SQL = """
SELECT pg_is_in_recovery(),
       pg_last_wal_receive_lsn()::text,
       pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn(),
       extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8,
       EXISTS (SELECT FROM pg_catalog.pg_stat_wal_receiver)
"""
# The version of the data a snapshot taken afterwards reads at least, in two columns:
# - the WAL position: replayed on a hot standby; on a primary the position inserted
#   (pg_current_wal_insert_lsn(), the position written, may stay behind a commit already
#   visible: with synchronous_commit off a commit is visible before its WAL is written);
# - what the answers are kept under beside their snapshot (see cache.py): on a hot
#   standby the replayed position, whose snapshots show no running transactions; on a
#   primary the server alone (its start, and its last reinitialisation after a crash,
#   which discards the shared statistics and so resets pg_stat_archiver's stats_reset):
#   there the snapshot determines the data it sees, and WAL written without a commit
#   (autovacuum, checkpoints, hint bits) changes nothing a query reads. A crash's
#   recovery may hand out again the ids of transactions that never committed, and so
#   repeat a snapshot of before the crash: the reinitialisation keeps such a snapshot
#   from meeting an answer of before it.
# NULL (no key) on a standby that has replayed nothing yet.
DATA_VERSION_SQL = """
SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END::text,
       CASE WHEN pg_is_in_recovery() THEN 'standby ' || pg_last_wal_replay_lsn()::text
            ELSE 'primary ' || pg_postmaster_start_time()::text || ' '
                 || coalesce((SELECT stats_reset FROM pg_catalog.pg_stat_archiver)::text, '') END
"""


class DataVersion(typing.NamedTuple):
    """The data version read before a snapshot (DATA_VERSION_SQL)."""
    position: str  # the WAL position the snapshot reads everything up to
    key: str  # what answers computed in the snapshot are kept under, with the snapshot


# How long a read waits for a standby to replay WAL it has already received before
# counting it as lagging: replaying what a commit after a quiet hour sent takes
# milliseconds, and must not be taken for an hour's lag; on a standby whose cores are
# busy it can take a second or more.
REPLICA_CATCH_UP_SECONDS = 3.0


def ensure_fresh(cursor, bound, catch_up=REPLICA_CATCH_UP_SECONDS):
    """Raises ReplicaLagging when the server is a hot standby whose data may be more than
    ``bound`` seconds behind its primary; returns True when it waited for the replay to
    catch up (the caller then takes a new snapshot), False otherwise.

    The standby is fresh enough when the last commit it replayed is at most ``bound``
    seconds old (nothing it misses can be older), or when its WAL receiver is connected
    and everything received has been replayed: an idle primary sends nothing, and the
    replay timestamp then ages without any lag. It is lagging when received WAL waits
    for replay (paused, or held back by conflicting queries) beyond the catch-up wait,
    or when no WAL receiver is connected (the primary is unreachable, replication is
    broken) and the last replayed commit is older than the bound. The ages compare the
    primary's commit timestamps with the standby's clock: keep both servers' clocks
    synchronized."""
    cursor.execute(REPLICA_STATE_SQL)
    in_recovery, received, behind, replayed_age, receiving = cursor.fetchone()
    if not in_recovery:
        return False
    if replayed_age is not None and replayed_age <= bound:
        return False
    if receiving and not behind:
        return False
    if receiving and behind:
        until = time.monotonic() + catch_up
        while time.monotonic() < until:
            time.sleep(0.05)
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (received,))
            if cursor.fetchone()[0]:
                return True
    raise ReplicaLagging(replayed_age, bound, receiving)


_local = threading.local()


@contextlib.contextmanager
def deadline(seconds):
    """Bounds every network wait of psycopg2 in this thread (connecting included)."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = time.monotonic() + seconds
    try:
        yield
    finally:
        _local.deadline = previous


def _wait_with_deadline(conn):
    # psycopg2 calls this whenever a connection would block. Raising here makes psycopg2
    # close the connection, which is what a connection stuck mid-protocol deserves.
    poller = select.poll()
    fd = conn.fileno()
    while True:
        state = conn.poll()
        if state == psycopg2.extensions.POLL_OK:
            return
        until = getattr(_local, "deadline", None)
        timeout_ms = None
        if until is not None:
            timeout_ms = max(0, int((until - time.monotonic()) * 1000))
        events = select.POLLIN if state == psycopg2.extensions.POLL_READ else select.POLLOUT
        poller.register(fd, events)
        ready = poller.poll(timeout_ms)
        poller.unregister(fd)
        if not ready and until is not None and time.monotonic() >= until:
            raise DeadlineExceeded("the database did not answer in time")


class _WaitCallback:
    """psycopg2's wait callback is one for the whole process, and while one is set psycopg2
    refuses COPY: the deadline's callback is set while a pool of the service is open and
    the previous one put back when the last closes, so that a program running the
    service in a thread (Odoo's tests do) gets its psycopg2 back afterwards."""

    def __init__(self):
        self._lock = threading.Lock()
        self._users = 0
        self._previous = None

    def acquire(self):
        with self._lock:
            if not self._users:
                self._previous = psycopg2.extensions.get_wait_callback()
                psycopg2.extensions.set_wait_callback(_wait_with_deadline)
            self._users += 1

    def release(self):
        with self._lock:
            self._users -= 1
            if not self._users:
                psycopg2.extensions.set_wait_callback(self._previous)
                self._previous = None


_wait_callback = _WaitCallback()


def session_options(settings):
    """Server settings of the service's sessions. The contract's views are found in the
    contract's schema (and nowhere else: temporary relations come last). A notice is one
    large aggregate: JIT compilation costs more than it saves at this size, and hash
    aggregates and sorts of a province's year should stay in memory."""
    return (f"-c search_path={load_contract()['schema']},pg_temp"
            f" -c statement_timeout={int(settings.statement_timeout * 1000)}"
            f" -c work_mem={settings.work_mem} -c jit=off")


class Database:
    def __init__(self, settings):
        self.settings = settings
        self._connect_kwargs = {"options": session_options(settings), "application_name": "zugong-stats"}
        self._pool = None
        self._pool_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(settings.pool_max)

    def _get_pool(self):
        with self._pool_lock:
            if self._pool is None:
                _wait_callback.acquire()
                try:
                    with deadline(self.settings.connect_timeout):
                        self._pool = psycopg2.pool.ThreadedConnectionPool(
                            self.settings.pool_min, self.settings.pool_max,
                            self.settings.dsn, **self._connect_kwargs)
                except BaseException:
                    _wait_callback.release()
                    raise
            return self._pool

    def close(self):
        with self._pool_lock:
            if self._pool is not None:
                self._pool.closeall()
                self._pool = None
                _wait_callback.release()

    @contextlib.contextmanager
    def _connection(self):
        if not self._slots.acquire(timeout=self.settings.pool_timeout):
            raise DatabaseBusy("no free database connection")
        try:
            pool = self._get_pool()
            with deadline(self.settings.connect_timeout):
                conn = pool.getconn()
            try:
                yield conn
            except psycopg2.Error:
                pool.putconn(conn, close=True)
                raise
            except BaseException:
                if not conn.closed:
                    conn.rollback()
                pool.putconn(conn, close=bool(conn.closed))
                raise
            else:
                pool.putconn(conn, close=bool(conn.closed))
        finally:
            self._slots.release()

    def run(self, work, replica_check=True, versioned=False):
        """Runs work(cursor) in one read-only snapshot and returns its result.

        ``versioned``: work(cursor, version) is given the data version (a DataVersion read
        by DATA_VERSION_SQL, None where the server has none), read in a statement and
        transaction of its own before the snapshot is taken, so that the snapshot reads
        at least everything up to it.

        On a hot standby, the snapshot is taken only once the standby is known to be
        within the settings' max_replica_lag of its primary (ReplicaLagging otherwise),
        unless ``replica_check`` is false (the startup's contract check).
        A pooled connection found broken (the server restarted, say) is replaced once;
        every other failure to reach the database becomes a DatabaseError."""
        for attempt in (1, 2):
            try:
                with self._connection() as conn:
                    return self._run_in_snapshot(conn, work, replica_check, versioned)
            except _StaleConnection as error:
                if attempt == 1:
                    continue
                raise DatabaseUnavailable(str(error).strip()) from error
            except (psycopg2.errors.QueryCanceled, DeadlineExceeded) as error:
                raise DatabaseTimeout(str(error).strip()) from error
            except (psycopg2.OperationalError, psycopg2.InterfaceError) as error:
                raise DatabaseUnavailable(str(error).strip()) from error
            except psycopg2.pool.PoolError as error:
                raise DatabaseBusy(str(error)) from error

    def _run_in_snapshot(self, conn, work, replica_check, versioned=False):
        try:
            # PostgreSQL cancels a statement at statement_timeout; a server that does not
            # even do that gets a connect timeout's worth of slack before being given up.
            with deadline(self.settings.statement_timeout + self.settings.connect_timeout):
                if versioned:
                    conn.autocommit = True
                    try:
                        with conn.cursor() as cursor:
                            cursor.execute(DATA_VERSION_SQL)
                            position, key = cursor.fetchone()
                            version = DataVersion(position, key) if key is not None else None
                    finally:
                        conn.autocommit = False
                    work = functools.partial(work, version=version)
                conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
                with conn.cursor() as cursor:
                    # The check is the snapshot's first statement: what it found fresh is
                    # what the work reads, unless it waited for the replay, after which
                    # the work reads a snapshot of now.
                    if replica_check and ensure_fresh(cursor, self.settings.max_replica_lag):
                        conn.rollback()
                    result = work(cursor)
            conn.rollback()
            return result
        except (psycopg2.errors.QueryCanceled, DeadlineExceeded):
            raise
        except (psycopg2.OperationalError, psycopg2.InterfaceError) as error:
            if conn.closed:
                raise _StaleConnection(str(error)) from error
            raise


class _StaleConnection(psycopg2.OperationalError):
    pass
