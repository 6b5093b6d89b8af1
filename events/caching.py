"""Whole-page caching and conditional GET for the public pages and calendar feeds.

Every cached response is tagged with the content version (`ContentVersion`, raised whenever an
organiser changes anything in the programme), the language and the full path. A cache hit runs
no SQL at all: the version itself is kept in the cache, and deleted when it is raised. Responses
carry a strong ETag (a hash of the exact bytes sent) and Last-Modified, so a repeat visit or a
polling calendar gets 304 Not Modified. Only these public views are cached and compressed; pages
with forms or personal data never are.
"""

import gzip
import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language, get_language_from_path

from events.models import ContentVersion

VERSION_KEY = "events:content-version"
PAGE_KEY = "events:page:{language}:{path}"
COPIED_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


def content_version() -> tuple[int, float]:
    """Return the content version number and when it changed (a timestamp)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        current = ContentVersion.current()
        version = (current.number, current.changed_at.timestamp())
        cache.set(VERSION_KEY, version, timeout=settings.CONTENT_VERSION_CACHE_SECONDS)
    return version


def content_changed() -> None:
    """Raise the content version; every cached page and ETag changes with it."""
    ContentVersion.bump()
    cache.delete(VERSION_KEY)
    # Also after commit, so a request that read the old version meanwhile cannot keep it.
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


def cached_public_page(view):
    """Serve a public GET view from the cache, with ETag, Last-Modified and gzip."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = PAGE_KEY.format(language=get_language(), path=request.get_full_path())
        # One round trip to the cache for both the version and the page.
        found = cache.get_many([VERSION_KEY, key])
        number, changed_at = found.get(VERSION_KEY) or content_version()
        entry = found.get(key)
        if entry is None or not is_fresh(entry, number):
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            entry = make_entry(response, number, changed_at)
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        return respond(request, entry)

    return wrapper


def make_entry(response: HttpResponse, version: int, changed_at: float) -> dict:
    body = response.content
    fresh_until = getattr(response, "fresh_until", None)
    return {
        "headers": {name: response[name] for name in COPIED_HEADERS if response.has_header(name)},
        "body": body,
        "gzip_body": gzip.compress(body, compresslevel=6, mtime=0),
        "version": version,
        "etag": hashlib.sha256(body).hexdigest()[:32],
        "last_modified": changed_at,
        "fresh_until": fresh_until.timestamp() if fresh_until else None,
    }


def accepts_gzip(request: HttpRequest) -> bool:
    encodings = request.META.get("HTTP_ACCEPT_ENCODING", "")
    return any(
        part.split(";")[0].strip() == "gzip" and "q=0" not in part.replace(" ", "")
        for part in encodings.split(",")
    )


def respond(request: HttpRequest, entry: dict) -> HttpResponse:
    use_gzip = accepts_gzip(request) and len(entry["gzip_body"]) < len(entry["body"])
    # A strong ETag names exact bytes, so the compressed form has its own.
    etag = f'"{entry["etag"]}{"-gzip" if use_gzip else ""}"'
    if not_modified(request, etag, entry["last_modified"]):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["gzip_body"] if use_gzip else entry["body"])
        for name, value in entry["headers"].items():
            response[name] = value
        if use_gzip:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(entry["last_modified"])
    response["Cache-Control"] = "public, no-cache"
    vary = ["Accept-Encoding"]
    if not get_language_from_path(request.path_info):
        # Plain URLs redirect first-time visitors by browser language and language cookie.
        vary += ["Accept-Language", "Cookie"]
    patch_vary_headers(response, vary)
    return response


def not_modified(request: HttpRequest, etag: str, last_modified: float) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        candidates = {tag.strip() for tag in if_none_match.split(",")}
        return etag in candidates or "*" in candidates
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(last_modified) <= since


class CachedPageMiddleware:
    """Answer cache hits before the rest of the stack runs: no session, CSRF, URL routing or view.

    It sits after the language middleware (the key needs the language) and after the security
    headers' middleware (hits get the same headers). Misses go on to the view, whose
    `cached_public_page` decorator renders and stores the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            key = PAGE_KEY.format(language=get_language(), path=request.get_full_path())
            found = cache.get_many([VERSION_KEY, key])
            entry = found.get(key)
            if entry is not None:
                number, _changed_at = found.get(VERSION_KEY) or content_version()
                if is_fresh(entry, number):
                    return respond(request, entry)
        return self.get_response(request)


def is_fresh(entry: dict, version: int) -> bool:
    if entry["version"] != version:
        return False
    return not entry["fresh_until"] or entry["fresh_until"] > timezone.now().timestamp()
