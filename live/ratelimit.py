"""Floods from one source are limited: each person (or browser) a few questions and many votes a
minute, and each network address a larger share, as a whole room may share one connection."""

import time

from django.core.cache import cache
from django.http import HttpRequest

from common.client_address import client_address

PER_VOTER = {"ask": 5, "vote": 60, "answer_poll": 20}  # a minute
PER_ADDRESS = 600  # a minute, all actions: a venue's Wi-Fi behind one address


def counted(key: str, limit: int, window: int = 60) -> bool:
    bucket = int(time.time() // window)
    key = f"live:{key}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def allow(request: HttpRequest, voter, action: str) -> bool:
    """Count one action; False once this voter or this address is over its limit."""
    limit = PER_VOTER.get(action, 20)
    return counted(f"{action}:{voter.key}", limit) and counted(
        f"address:{client_address(request)}", PER_ADDRESS
    )
