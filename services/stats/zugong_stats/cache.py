"""Answers kept in memory: a notice's answer is computed once per version of the data and
request, and then served as it was encoded; concurrent requests for the same answer wait
for the one computing it (single flight) rather than computing it again.

The version of the data is the answer's snapshot (pg_current_snapshot(): the transactions
it sees as still running, and where it stops seeing any), with what db.DATA_VERSION_SQL
reads in a transaction of its own before the snapshot is taken.

On a primary, the snapshot alone determines what a query sees: every transaction below
its xmax and not listed as running has committed or aborted for good, and the later
ones are invisible. Any commit after it changes the next snapshot (the committed
transaction is no longer running, or the xmax has moved past it), so a request after a
commit misses and computes the new figures; WAL written without a commit (autovacuum,
a checkpoint, a query's page pruning) changes no snapshot, and the kept answer is still
served. A commit already written but not yet visible (its commit waiting for the flush
or for a synchronous standby) is running in the snapshot, so the snapshot that sees it
differs. The server itself is part of the key (its start, and its reinitialisation after
a crash, whose recovery may hand out the ids of transactions that never committed again
and so repeat an earlier snapshot): a snapshot of another server or of before a crash
never meets a kept answer.

On a hot standby the snapshot shows no running transactions, and the replayed WAL
position (read before the snapshot) keys the answer with it: a commit becomes visible
while its record is replayed, an instant before the position moves past it, and only a
request in that instant may be answered as of just before it.

Each answer keeps the WAL position read before the snapshot it was computed in: its
figures include everything up to it (X-Zugong-Data-Version).

Memory is bounded by the bytes kept (the answers' JSON and their xlsx files), least
recently used first out; a bound of 0 keeps nothing and shares nothing."""
import collections
import dataclasses
import hashlib
import threading
import typing

import orjson

# The answer's snapshot: its first statement (after the standby's freshness check,
# which reads the same snapshot).
SNAPSHOT_SQL = "SELECT pg_current_snapshot()::text"

# What an entry costs beyond its bytes (the key, the entry, the dictionary's slot).
ENTRY_OVERHEAD = 1024

# How an answer was come by, as the X-Zugong-Cache header says it.
HIT, SHARED, MISS, OFF = "hit", "shared", "miss", "off"


def encode_json(content):
    """The JSON bytes of an answer: compact UTF-8, the text JSONResponse (the standard
    library's json) writes, in a tenth of the time. Unlike it, orjson writes a NaN or an
    infinity as null: a notice never holds one (notice.build_notice refuses them)."""
    return orjson.dumps(content)


def decode_json(content):
    return orjson.loads(content)


class Answer:
    """A notice's answer: its JSON bytes, and its xlsx rendered from them once, when first
    asked for."""

    def __init__(self, json_bytes, title, period_start, xlsx=None, notice=None):
        self.json = json_bytes
        self.title = title
        self.period_start = period_start
        # The WAL position read before the snapshot the answer was computed in, once kept.
        self.version = None
        self._xlsx = xlsx
        # The notice the JSON encodes, kept until its xlsx is rendered (or forget_notice):
        # the same as decoding the JSON, without decoding it.
        self._notice = notice
        self._lock = threading.Lock()

    @classmethod
    def from_notice(cls, notice, keep_notice=False):
        """The answer of a notice; keep_notice: keep the notice itself until the xlsx is
        rendered (when it is asked for at once)."""
        return cls(encode_json(notice), notice["title"], notice["period"]["start"],
                   notice=notice if keep_notice else None)

    def forget_notice(self):
        self._notice = None

    @property
    def size(self):
        return len(self.json) + len(self._xlsx or b"") + ENTRY_OVERHEAD

    def xlsx(self, render):
        """The xlsx, rendered by ``render`` from the JSON answer the first time (concurrent
        callers wait for it); True as second value when this call rendered it."""
        with self._lock:
            if self._xlsx is not None:
                return self._xlsx, False
            notice, self._notice = self._notice, None
            self._xlsx = render(notice if notice is not None else decode_json(self.json))
            return self._xlsx, True


@dataclasses.dataclass(frozen=True)
class RenderedFile:
    """The xlsx of a notice sent back (POST /v1/notices/xlsx), with what names it."""
    content: bytes
    title: str
    period_start: str

    @property
    def size(self):
        return len(self.content) + ENTRY_OVERHEAD


class Served(typing.NamedTuple):
    answer: Answer | None
    how: str  # HIT, SHARED, MISS or OFF
    version: str | None  # the WAL position its figures include everything up to
    key: tuple | None  # the key it is kept under, if any


class _Flight:
    """One computation that requests for the same key wait for."""

    def __init__(self):
        self.done = threading.Event()
        self.value = None
        self.error = None
        self.abandoned = False


class AnswerCache:
    """Values by key, least recently used out first beyond ``max_bytes`` (each value has a
    ``size``), with single flight: ``claim`` makes the first caller of a missing key its
    leader, who computes the value and ``finish``es (or ``fail``s, or ``abandon``s) the
    flight; the others wait for it (``wait``)."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._entries = collections.OrderedDict()
        self._sizes = {}
        self._bytes = 0
        self._flights = {}

    @property
    def enabled(self):
        return self.max_bytes > 0

    @property
    def bytes(self):
        return self._bytes

    def __len__(self):
        return len(self._entries)

    def __contains__(self, key):
        with self._lock:
            return key in self._entries

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value):
        """Keeps ``value`` unless it alone passes the bound."""
        with self._lock:
            self._put(key, value)

    def _put(self, key, value):
        if not self.enabled:
            return
        self._forget(key)
        size = value.size
        if size > self.max_bytes:
            return
        self._entries[key] = value
        self._sizes[key] = size
        self._bytes += size
        self._evict()

    def resized(self, key):
        """The value kept under ``key`` grew (its xlsx was rendered): counts it again."""
        with self._lock:
            value = self._entries.get(key)
            if value is None:
                return
            self._bytes += value.size - self._sizes[key]
            self._sizes[key] = value.size
            if self._sizes[key] > self.max_bytes:
                self._forget(key)
            self._evict()

    def _forget(self, key):
        if key in self._entries:
            del self._entries[key]
            self._bytes -= self._sizes.pop(key)

    def _evict(self):
        while self._bytes > self.max_bytes and self._entries:
            key, _value = self._entries.popitem(last=False)
            self._bytes -= self._sizes.pop(key)

    def claim(self, key):
        """(value, None) when ``key`` is kept; else (None, flight) and True as third value
        for the caller who must compute it, False for one who waits for it."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
                return value, None, False
            flight = self._flights.get(key)
            if flight is not None:
                return None, flight, False
            flight = self._flights[key] = _Flight()
            return None, flight, True

    def finish(self, key, flight, value, keep=True):
        """The leader's value: kept (when ``keep``) and handed to those waiting."""
        with self._lock:
            if self._flights.get(key) is flight:
                del self._flights[key]
            if keep and value is not None:
                self._put(key, value)
        flight.value = value
        flight.done.set()

    def fail(self, key, flight, error):
        """The leader's computation failed: those waiting fail with the same error."""
        with self._lock:
            if self._flights.get(key) is flight:
                del self._flights[key]
        flight.error = error
        flight.done.set()

    def abandon(self, key, flight):
        """The leader gave the computation up (to retry it under another key): those
        waiting ask again."""
        with self._lock:
            if self._flights.get(key) is flight:
                del self._flights[key]
        flight.abandoned = True
        flight.done.set()

    @staticmethod
    def wait(flight):
        """Until the leader is done: raises its error, False when it abandoned the
        flight, True when its value (``flight.value``) is there."""
        flight.done.wait()
        if flight.error is not None:
            raise flight.error
        return not flight.abandoned


def answer_from_database(cache, database, request_key, compute):
    """The Served answer of a request: the kept answer of the data's version,
    else the one computed by ``compute(cursor)`` (an Answer, or None when there is none:
    never kept) in a snapshot taken after the version was read, by this request or by a
    concurrent one for the same key. ``how`` is HIT, SHARED, MISS or OFF (the cache
    disabled: every request computes its answer)."""
    if not cache.enabled:
        return Served(database.run(compute), OFF, None, None)
    while True:
        led = []

        def work(cursor, version):
            if led:  # a broken connection retried: this is another snapshot
                cache.abandon(*led.pop())
            if version is None:  # no data version to key the answer by: computed, not kept
                return compute(cursor), OFF, None
            cursor.execute(SNAPSHOT_SQL)
            key = (version.key, cursor.fetchone()[0], request_key)
            value, flight, leading = cache.claim(key)
            if value is not None:
                return value, HIT, key
            if not leading:
                return flight, SHARED, key
            led.append((key, flight))
            value = compute(cursor)
            if value is not None:
                value.version = version.position
            return value, MISS, key

        try:
            value, how, key = database.run(work, versioned=True)
        except BaseException as error:
            if led:
                cache.fail(*led.pop(), error)
            raise
        if how == MISS:
            cache.finish(*led.pop(), value)
        elif how == SHARED:
            flight = value
            if not cache.wait(flight):
                continue  # the leader gave up: ask again
            value = flight.value
        if value is None:
            return Served(None, how, None, None)
        return Served(value, how, value.version, key if how != OFF else None)


def body_digest(body):
    return hashlib.sha256(body).digest()
