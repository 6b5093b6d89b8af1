"""A per-client limit on form submissions, counted in the cache (Redis when configured)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds)


def client_address(request: HttpRequest) -> str:
    # Behind a proxy, the WSGI server must set REMOTE_ADDR from the proxy's header (gunicorn:
    # --forwarded-allow-ips); trusting X-Forwarded-For here would let anyone pick a new address.
    return request.META.get("REMOTE_ADDR", "unknown")


def allow_submission(request: HttpRequest, scope: str) -> bool:
    """Count one submission for this client; return False once it is over the limit."""
    limit, window = parse_rate(settings.REGISTRATION_RATE_LIMIT)
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{client_address(request)}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
