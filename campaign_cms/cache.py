"""A Redis cache that fails open: while Redis is unreachable the site keeps serving, with every read a miss.

Django's RedisCache raises on connection errors, so a Redis outage would turn every page that reads a cached count
and every signature that checks a rate limit into a server error. Here each cache call that cannot reach Redis
is logged and answered as a miss (`get` returns the default, `add` and `incr` report nothing stored), and for a
few seconds afterwards calls skip Redis altogether (a circuit breaker), so an outage costs one failed connection
per process per `RETRY_AFTER_SECONDS` rather than one per cache call. A failed call fails fast: short connect and
read timeouts and no retries by default (redis-py's documented `socket_connect_timeout`, `socket_timeout` and `retry`
connection options, which the cache's OPTIONS override). Only Django's and redis-py's public interfaces are used.

What failing open means for each use of the cache:
- counts and statistics are read from PostgreSQL on every request (slower, still exact);
- rate limits are not enforced (campaign_common/ratelimit.py counts nothing). Signing stays protected by the honeypot,
  reCAPTCHA, one signature per mailbox and e-mail confirmation; refusing every signature because
  a cache is down would hand attackers an easy way to stop a petition.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
# Connection options unless the cache's OPTIONS say otherwise: Redis answers a healthy app server in a millisecond
# or two, so waiting longer only holds pages up when it is down; the breaker decides when to try again, not retries.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "retry": Retry(NoBackoff(), 0)}
# Redis servers (by location) that failed recently: location -> monotonic time until which calls skip them.
_unavailable_until = {}


def _fail_open(miss):
    """Run the RedisCache method, or return `miss(*args)` when Redis is down or was down a moment ago."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if _unavailable_until.get(self.location, 0.0) > time.monotonic():
                return miss(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                logger.warning("Cache unavailable, serving without it for %ss: %s", RETRY_AFTER_SECONDS, error)
                _unavailable_until[self.location] = time.monotonic() + RETRY_AFTER_SECONDS
                return miss(*args, **kwargs)

        return wrapper

    return decorate


def _nothing(*args, **kwargs):
    return None


def _not_stored(*args, **kwargs):
    return False


def _default(key, default=None, version=None):
    return default


def _no_values(keys, version=None):
    return {}


def _all_failed(data, *args, **kwargs):
    # set_many's contract: the keys that could not be stored.
    return list(data)


def _missing_key(key, *args, **kwargs):
    # incr's contract for a key that is not in the cache; the rate limits then count nothing (fail open).
    raise ValueError(f"Key {key!r} not found (the cache is unavailable).")


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache, except that an unreachable Redis is logged and treated as an empty cache."""

    def __init__(self, server, params):
        super().__init__(server, {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}})
        # The breaker's key: every cache (and thread) on these servers skips them together.
        self.location = server if isinstance(server, str) else ",".join(server)

    add = _fail_open(_not_stored)(RedisCache.add)
    get = _fail_open(_default)(RedisCache.get)
    set = _fail_open(_nothing)(RedisCache.set)
    touch = _fail_open(_not_stored)(RedisCache.touch)
    delete = _fail_open(_not_stored)(RedisCache.delete)
    get_many = _fail_open(_no_values)(RedisCache.get_many)
    has_key = _fail_open(_not_stored)(RedisCache.has_key)
    incr = _fail_open(_missing_key)(RedisCache.incr)
    set_many = _fail_open(_all_failed)(RedisCache.set_many)
    delete_many = _fail_open(_nothing)(RedisCache.delete_many)
    clear = _fail_open(_not_stored)(RedisCache.clear)
