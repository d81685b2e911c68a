"""Configuration from the environment."""
import pytest

from zugong_stats.config import ConfigError, Settings


def test_settings_from_the_environment():
    settings = Settings.from_environ({
        "ZUGONG_STATS_DSN": "postgresql://stats@db/zugong", "ZUGONG_STATS_TOKEN": "t",
        "ZUGONG_STATS_PORT": "9000", "ZUGONG_STATS_POOL_MAX": "20", "ZUGONG_STATS_POOL_TIMEOUT": "1.5",
        "ZUGONG_STATS_STATEMENT_TIMEOUT": "60", "ZUGONG_STATS_WORK_MEM": "256MB",
        "ZUGONG_STATS_LOG_LEVEL": "WARNING", "ZUGONG_STATS_MAX_REPLICA_LAG": "120",
        "ZUGONG_STATS_CACHE_MB": "256",
    })
    assert (settings.dsn, settings.token, settings.port, settings.pool_max, settings.pool_timeout,
            settings.statement_timeout, settings.work_mem, settings.log_level, settings.max_replica_lag) == (
        "postgresql://stats@db/zugong", "t", 9000, 20, 1.5, 60.0, "256MB", "warning", 120.0)
    assert settings.cache_bytes == 256 * 1024 * 1024
    assert Settings.from_environ({}) == Settings()
    assert Settings().cache_mb == 64
    assert Settings.from_environ({"ZUGONG_STATS_CACHE_MB": "0"}).cache_bytes == 0  # no cache


@pytest.mark.parametrize("environment, named", [
    ({"ZUGONG_STATS_PORT": "http"}, "ZUGONG_STATS_PORT"),
    ({"ZUGONG_STATS_CONNECT_TIMEOUT": "0"}, "ZUGONG_STATS_CONNECT_TIMEOUT"),
    ({"ZUGONG_STATS_POOL_MIN": "5", "ZUGONG_STATS_POOL_MAX": "2"}, "ZUGONG_STATS_POOL_MIN"),
    ({"ZUGONG_STATS_LOG_LEVEL": "loud"}, "ZUGONG_STATS_LOG_LEVEL"),
    ({"ZUGONG_STATS_MAX_REPLICA_LAG": "-5"}, "ZUGONG_STATS_MAX_REPLICA_LAG"),
    ({"ZUGONG_STATS_MAX_REPLICA_LAG": "a minute"}, "ZUGONG_STATS_MAX_REPLICA_LAG"),
    ({"ZUGONG_STATS_WORK_MEM": "64MB; DROP TABLE x"}, "ZUGONG_STATS_WORK_MEM"),
    ({"ZUGONG_STATS_CACHE_MB": "-1"}, "ZUGONG_STATS_CACHE_MB"),
    ({"ZUGONG_STATS_CACHE_MB": "half"}, "ZUGONG_STATS_CACHE_MB"),
])
def test_bad_settings_are_named(environment, named):
    with pytest.raises(ConfigError, match=named):
        Settings.from_environ(environment)
