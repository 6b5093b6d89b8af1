from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from common.links import absolute_url


def language_versions(request: HttpRequest) -> dict:
    """Return this page's canonical URL and its versions in every language.

    Built from SITE_URL and the path: never from the request's host or its query string, which
    a cached page would otherwise hand on to every later visitor.
    """
    current = get_language()
    versions = [
        {
            "code": code,
            "url": absolute_url(translate_url(request.path, code)),
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    default = next(v for v in versions if v["code"] == settings.LANGUAGE_CODE)
    # The page cache leaves in request.GET only the parameters the view reads.
    query = request.GET.urlencode()
    return {
        "language_versions": versions,
        "default_language_url": default["url"],
        "canonical_url": absolute_url(request.path),
        "page_path": f"{request.path}?{query}" if query else request.path,
    }
