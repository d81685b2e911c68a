"""The connection pool, with every wait bounded: for a free connection, for connecting,
and for each statement (PostgreSQL's statement_timeout, and a client-side deadline for a
server that stops answering altogether)."""
import contextlib
import select
import threading
import time

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.pool

from .contract import load_contract


class DatabaseError(Exception):
    """The database cannot answer now; the request may be retried later."""

    code = "database_unavailable"


class DatabaseUnavailable(DatabaseError):
    code = "database_unavailable"


class DatabaseTimeout(DatabaseError):
    code = "database_timeout"


class DatabaseBusy(DatabaseError):
    code = "database_busy"


class DeadlineExceeded(psycopg2.OperationalError):
    pass


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

    def run(self, work):
        """Runs work(cursor) in one read-only snapshot and returns its result.

        A pooled connection found broken (the server restarted, say) is replaced once;
        every other failure to reach the database becomes a DatabaseError."""
        for attempt in (1, 2):
            try:
                with self._connection() as conn:
                    return self._run_in_snapshot(conn, work)
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

    def _run_in_snapshot(self, conn, work):
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        try:
            # PostgreSQL cancels a statement at statement_timeout; a server that does not
            # even do that gets a connect timeout's worth of slack before being given up.
            with deadline(self.settings.statement_timeout + self.settings.connect_timeout):
                with conn.cursor() as cursor:
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
