"""Configuration from environment variables (see the README's configuration table)."""
import dataclasses
import os
import re


class ConfigError(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class Settings:
    # libpq connection string or URL; empty means the libpq PG* variables alone.
    dsn: str = ""
    token: str = ""
    host: str = "127.0.0.1"
    port: int = 8070
    pool_min: int = 1
    pool_max: int = 10
    # Seconds a request waits for a free pooled connection before answering 503.
    pool_timeout: float = 5.0
    connect_timeout: float = 5.0
    statement_timeout: float = 30.0
    # PostgreSQL's work_mem for the service's sessions (each pooled connection may use it
    # several times over in one notice).
    work_mem: str = "64MB"
    log_level: str = "info"
    # The largest request body read (POST /v1/notices/xlsx: a notice's JSON answer; a
    # province's people, 20,000 rows, take about 15 MB).
    max_body_mb: int = 32
    # On a hot standby (pg_is_in_recovery()): the seconds the data read may be behind the
    # primary's before requests are refused with 503 rather than answered from stale data.
    max_replica_lag: float = 60.0
    # Megabytes of answers kept in memory (their JSON and xlsx bytes), least recently used
    # out first; 0 keeps none.
    cache_mb: int = 64

    @property
    def max_body_bytes(self):
        return self.max_body_mb * 1024 * 1024

    @property
    def cache_bytes(self):
        return self.cache_mb * 1024 * 1024

    @classmethod
    def from_environ(cls, environ=None):
        environ = os.environ if environ is None else environ

        def read(name, convert, default, zero=False):
            raw = environ.get(name, "").strip()
            if not raw:
                return default
            try:
                value = convert(raw)
            except ValueError:
                raise ConfigError(f"{name}={raw!r} is not a valid {convert.__name__}") from None
            if convert in (int, float) and (value < 0 if zero else value <= 0):
                raise ConfigError(f"{name} must be {'zero or ' if zero else ''}positive, got {raw!r}")
            return value

        settings = cls(
            dsn=read("ZUGONG_STATS_DSN", str, cls.dsn),
            token=read("ZUGONG_STATS_TOKEN", str, cls.token),
            host=read("ZUGONG_STATS_HOST", str, cls.host),
            port=read("ZUGONG_STATS_PORT", int, cls.port),
            pool_min=read("ZUGONG_STATS_POOL_MIN", int, cls.pool_min),
            pool_max=read("ZUGONG_STATS_POOL_MAX", int, cls.pool_max),
            pool_timeout=read("ZUGONG_STATS_POOL_TIMEOUT", float, cls.pool_timeout),
            connect_timeout=read("ZUGONG_STATS_CONNECT_TIMEOUT", float, cls.connect_timeout),
            statement_timeout=read("ZUGONG_STATS_STATEMENT_TIMEOUT", float, cls.statement_timeout),
            work_mem=read("ZUGONG_STATS_WORK_MEM", str, cls.work_mem),
            log_level=read("ZUGONG_STATS_LOG_LEVEL", str, cls.log_level).lower(),
            max_body_mb=read("ZUGONG_STATS_MAX_BODY_MB", int, cls.max_body_mb),
            max_replica_lag=read("ZUGONG_STATS_MAX_REPLICA_LAG", float, cls.max_replica_lag),
            cache_mb=read("ZUGONG_STATS_CACHE_MB", int, cls.cache_mb, zero=True),
        )
        if settings.pool_min > settings.pool_max:
            raise ConfigError("ZUGONG_STATS_POOL_MIN is larger than ZUGONG_STATS_POOL_MAX")
        if not re.fullmatch(r"\d+(kB|MB|GB)?", settings.work_mem):
            raise ConfigError(f"ZUGONG_STATS_WORK_MEM={settings.work_mem!r}: use e.g. 64MB")
        if settings.log_level not in ("debug", "info", "warning", "error"):
            raise ConfigError(f"ZUGONG_STATS_LOG_LEVEL={settings.log_level!r}: use debug, info, warning or error")
        return settings
