"""Django's RedisCache behind a circuit breaker (DESIGN rule 11).

Short socket timeouts bound one call to a hung Redis, but every request makes several cache
calls, so a hung Redis would still cost each request a few timeouts. After
`breaker_failures` consecutive connection failures or timeouts the breaker opens: for
`breaker_seconds` every cache call fails at once with CacheUnavailable, which callers
already treat as "cache down" (serve uncached). Then one call is let through; success closes
the breaker, failure opens it again. Per process, per Redis location: nothing to share.
"""

import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class CacheUnavailable(ConnectionError):
    """The breaker is open: the cache was not asked."""


class CircuitBreaker:
    def __init__(self, failures, seconds):
        self.threshold = failures
        self.seconds = seconds
        self.failures = 0
        self.open_until = 0.0
        self.last_error = ""
        self._lock = threading.Lock()

    @property
    def is_open(self):
        return time.monotonic() < self.open_until

    def check(self):
        if self.is_open:
            raise CacheUnavailable(f"circuit open after {self.last_error}")

    def succeeded(self):
        if self.failures:
            with self._lock:
                self.failures = 0
                self.open_until = 0.0

    def failed(self, exc):
        with self._lock:
            self.failures += 1
            self.last_error = type(exc).__name__
            if self.failures >= self.threshold:
                self.open_until = time.monotonic() + self.seconds


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(location, failures, seconds):
    """One breaker per process and Redis location (Django makes a cache object per thread)."""
    with _breakers_lock:
        if location not in _breakers:
            _breakers[location] = CircuitBreaker(failures, seconds)
        return _breakers[location]


def _guarded(name):
    method = getattr(RedisCacheClient, name)

    def call(self, *args, **kwargs):
        self.breaker.check()
        try:
            result = method(self, *args, **kwargs)
        except self.outage_errors as exc:
            self.breaker.failed(exc)
            raise
        self.breaker.succeeded()
        return result

    call.__name__ = name
    return call


class BreakerRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, breaker=None, **options):
        super().__init__(servers, **options)
        self.breaker = breaker
        exceptions = self._lib.exceptions
        # Outages only: a refused or hung server. A command error (e.g. OOM) is not one.
        self.outage_errors = (exceptions.ConnectionError, exceptions.TimeoutError, OSError)


GUARDED = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr")
for _name in (*GUARDED, "set_many", "delete_many", "clear"):
    setattr(BreakerRedisCacheClient, _name, _guarded(_name))


class BreakerRedisCache(RedisCache):
    """OPTIONS as RedisCache, plus breaker_failures (default 3) and breaker_seconds (10)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        failures = options.pop("breaker_failures", 3)
        seconds = options.pop("breaker_seconds", 10)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = BreakerRedisCacheClient
        self._options = {**options, "breaker": breaker_for(str(server), failures, seconds)}

    @property
    def breaker(self):
        return self._options["breaker"]
