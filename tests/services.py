"""The machine's services that some tests talk to for real."""

import os
import socket

import pytest

REDIS = ("127.0.0.1", 6379)


def redis_reachable():
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
        return True
    except OSError:
        return False


# Skipped on a developer's machine without Redis; CI (which starts Redis) runs them always,
# so a missing Redis fails there instead of passing silently.
needs_redis = pytest.mark.skipif(
    os.environ.get("CI") != "true" and not redis_reachable(),
    reason="no Redis on 127.0.0.1:6379",
)
