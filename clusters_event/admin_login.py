"""A lockout on the admin login: too many failed attempts from one address wait a while."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from registrations.ratelimit import client_address, parse_rate


def with_login_lockout(login_view):
    @wraps(login_view)
    def view(request, *args, **kwargs):
        if request.method != "POST":
            return login_view(request, *args, **kwargs)
        limit, window = parse_rate(settings.ADMIN_LOGIN_RATE_LIMIT)
        key = f"admin-login-failures:{client_address(request)}"
        if cache.get(key, 0) >= limit:
            return render(request, "429.html", status=429)
        response = login_view(request, *args, **kwargs)
        if response.status_code == 302:
            cache.delete(key)
        else:
            cache.add(key, 0, timeout=window)
            cache.incr(key)
        return response

    return view
