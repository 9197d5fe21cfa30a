"""The cache as an optimisation only: with Redis unreachable, a read misses and a write is
dropped, so the public pages and the rate-limited forms keep working (uncached, unlimited)
instead of answering 500. Nothing the portal must not lose lives in the cache: cached
public pages expire within a minute, and rate-limit windows may restart."""

import logging
import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(name, fallback):
    method = getattr(RedisCache, name)

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("Cache unreachable (%s): %s skipped", error, name)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    call.__name__ = name
    return call


def _default(key, default=None, *args, **kwargs):
    return default


def _incr_missing(key, delta=1, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found (cache unreachable)")


def _get_or_set(key, default, *args, **kwargs):
    return default() if callable(default) else default


class SharedPoolClient(RedisCacheClient):
    """Django's Redis client with one connection pool per server and options for the whole
    process. Django makes a cache object, and its client, for each thread and again after
    each change of the CACHES setting; each kept a pool of its own whose connections nothing
    closes (the test suite, which changes CACHES for every test, held thousands open).
    redis-py's pools are thread-safe and start afresh in a forked child."""

    _pools_of_process: dict = {}
    _lock = threading.Lock()

    def _get_connection_pool(self, write):
        server = self._servers[self._get_connection_pool_index(write)]
        key = (server, repr(sorted(self._pool_options.items(), key=lambda item: item[0])))
        with self._lock:
            if key not in self._pools_of_process:
                self._pools_of_process[key] = self._pool_class.from_url(
                    server, **self._pool_options
                )
            return self._pools_of_process[key]


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedPoolClient

    get = _tolerant("get", _default)
    get_many = _tolerant("get_many", {})
    has_key = _tolerant("has_key", False)
    set = _tolerant("set", None)
    set_many = _tolerant("set_many", [])
    add = _tolerant("add", False)
    touch = _tolerant("touch", False)
    delete = _tolerant("delete", False)
    delete_many = _tolerant("delete_many", None)
    incr = _tolerant("incr", _incr_missing)
    get_or_set = _tolerant("get_or_set", _get_or_set)
    clear = _tolerant("clear", None)
