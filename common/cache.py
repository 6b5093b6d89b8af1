"""The shared cache (Redis) as an accelerator that the site can do without.

With Redis unreachable, Django's own Redis backend raises on every call, so every page answered
500, /health/ included. Here a failed call is logged and treated as a miss (reads) or dropped
(writes): pages are rendered from PostgreSQL, the rate limit lets submissions through, and
/health/ says the cache is down. After a failure the backend leaves Redis alone for a few
seconds, so a Redis that hangs costs one short timeout now and then, not one per call.

One delete must not be skipped that way: forgetting the content version after an edit
(`delete_outright`). A version left in Redis would keep every server answering the page as it was
before the edit, so it is tried even during the back-off, twice.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5.0


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _call(self, name: str, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("Cache unavailable (%s: %s); serving without it", name, error)
            return default

    def ping(self) -> bool:
        """Return whether Redis answers now (for /health/), whatever happened before."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except RedisError:
            return False

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True while Redis is down: a lock taken with add() then never makes anyone wait for a
        # holder that cannot exist, and each request simply does the work itself.
        return self._call("add", True, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_outright(self, key, version=None) -> bool:
        """Delete now, during a back-off too, trying twice; return whether Redis answered."""
        for attempt in range(2):
            try:
                super().delete(key, version)
                return True
            except RedisError as error:
                logger.warning("Cache delete failed (attempt %d: %s)", attempt + 1, error)
        self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
        return False

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        # Unknown while Redis is down: 0 lets a rate-limited action through (fail open).
        return self._call("incr", 0, key, delta, version)

    def clear(self):
        return self._call("clear", False)
