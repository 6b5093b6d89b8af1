from django import template

from common.links import absolute_url, google_calendar_subscription_url, webcal_url

register = template.Library()


@register.simple_tag
def feed_links(path: str) -> dict[str, str]:
    """Return the ways to get a calendar feed: download, subscribe (webcal, https, Google)."""
    return {
        "download": path,
        "webcal": webcal_url(path),
        "https": absolute_url(path),
        "google": google_calendar_subscription_url(path),
    }


@register.simple_tag
def absolute(path: str) -> str:
    """Return the public URL of a path, from SITE_URL (never the request's host)."""
    return absolute_url(path)
