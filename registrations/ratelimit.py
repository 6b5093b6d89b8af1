"""A per-client limit on form submissions, counted in the cache (Redis when configured).

The one rate limit of the site's forms (admin logins have django-axes' lockout instead). The
count is one atomic increment in the cache; with the cache down it lets submissions through.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from common.client_address import client_address


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds)


def counted(key: str, limit: int, window: int) -> bool:
    """Count one more under `key` in the current window; return False once over `limit`."""
    bucket = int(time.time() // window)
    key = f"ratelimit:{key}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def allow_submission(request: HttpRequest, scope: str) -> bool:
    """Count one submission for this client; return False once it is over the limit."""
    limit, window = parse_rate(settings.REGISTRATION_RATE_LIMIT)
    return counted(f"{scope}:{client_address(request)}", limit, window)
