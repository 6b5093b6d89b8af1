"""Absolute URLs, built in one place from SITE_URL.

Pages, calendar feeds and emails all take their absolute links from here, never from the
request: a request's Host header (any port passes ALLOWED_HOSTS) or query string must not end up
in a page that the cache then serves to everyone.
"""

from urllib.parse import urlencode

from django.conf import settings


def absolute_url(path: str) -> str:
    """Return the public URL of a path on this site, e.g. "/milano-2024/" → "https://…/milano-2024/"."""
    return f"{settings.SITE_URL}{path}"


def webcal_url(path: str) -> str:
    """Return the subscription link of a calendar feed, which calendar apps open directly."""
    scheme, _sep, rest = absolute_url(path).partition("://")
    return f"webcal://{rest}" if scheme in {"http", "https"} else absolute_url(path)


def google_calendar_subscription_url(path: str) -> str:
    """Return the link that adds a calendar feed to Google Calendar (it follows changes)."""
    return "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal_url(path)})
