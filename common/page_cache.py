"""Whole-page caching and conditional GET for the public pages and calendar feeds.

Every cached response is tagged with the content version (read from the source that
settings.PAGE_CACHE_VERSION_SOURCE names: the programme's, raised whenever an organiser changes
anything in it, see events/caching.py), the language and the full path. A cache hit runs
no SQL at all: the version itself is kept in the cache, and deleted when it is raised. Responses
carry a strong ETag (a hash of the exact bytes sent) and Last-Modified, so a repeat visit or a
polling calendar gets 304 Not Modified. Only these public views are cached and compressed; pages
with forms or personal data never are.
"""

import functools
import gzip
import hashlib
import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.module_loading import import_string
from django.utils.translation import get_language, get_language_from_path

VERSION_KEY = "events:content-version"
PAGE_KEY = "events:page:{encoding}:{language}:{path}"
RENDER_LOCK_KEY = "events:rendering:{language}:{path}"
RENDER_COUNT_KEY = "events:renders:{language}:{path}"
WAIT_STEP_SECONDS = 0.02
COPIED_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


@functools.cache
def version_source() -> Callable[[], tuple[int, float]]:
    return import_string(settings.PAGE_CACHE_VERSION_SOURCE)


def content_version() -> tuple[int, float]:
    """Return the content version number and when it changed (a timestamp)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = version_source()()
        cache.set(VERSION_KEY, version, timeout=settings.CONTENT_VERSION_CACHE_SECONDS)
    return version


def forget_version() -> None:
    """Drop the cached version after its source raised it: the next read takes the new one."""
    # The fail-safe Redis backend deletes this even while it is backing off after a hiccup.
    getattr(cache, "delete_outright", cache.delete)(VERSION_KEY)


def cached_public_page(view=None, *, query_params: tuple[str, ...] = ()):
    """Serve a public GET view from the cache, with ETag, Last-Modified and gzip.

    The view sees, and the cache key holds, only the `query_params` the view reads, each with
    the one value the view reads (the last one, as `QueryDict.get` gives it): any other
    parameter (a campaign tag, a cache-buster) or repeated value is served the same cached page,
    so it can neither force a render, fill the cache nor reach the page. A response the view
    marks `no-store` (e.g. an invalid filter) is sent as it is and not kept.
    """
    if view is None:
        return lambda view: cached_public_page(view, query_params=query_params)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        request.GET = read_parameters(request, query_params)
        return serve_page(request, lambda: view(request, *args, **kwargs))

    return wrapper


def serve_page(request: HttpRequest, render) -> HttpResponse:
    """Answer from the cache; render only in the one request that holds the page's render lock.

    Stale-while-revalidate with a single flight: when the cached copy is older than the content
    version, the request that takes the lock (an atomic add in the shared cache, so across all
    workers and app servers) renders and stores the new copy, while every other request gets
    the previous copy at once. With no copy at all (a cold cache), the others wait for the one
    render instead of each rendering. A renderer that dies leaves a lock that expires after
    RENDER_LOCK_SECONDS; with the cache down, no lock is held and each request renders.

    For STALE_GRACE_SECONDS after an edit, visitors get the previous copy without rendering:
    the worker renders the edited edition's most read pages meanwhile; a page it does not warm
    is rendered by the first visitor after the grace.
    """
    encoding = wanted_encoding(request)
    path = cache_path(request)
    key = page_key(path, encoding)
    if not page_cache_on():
        number, changed_at = content_version()
        return render_and_store(request, path, encoding, render, number, changed_at)
    # One round trip to the cache for both the version and the page.
    found = cache.get_many([VERSION_KEY, key])
    number, changed_at = found.get(VERSION_KEY) or content_version()
    entry = found.get(key)
    if entry is not None and is_fresh(entry, number):
        return respond(request, entry)
    if entry is not None and not getattr(request, "warming", False) and is_settling(changed_at):
        # Just edited: the worker is rendering the edited edition's pages (warm_edition_pages).
        # A visitor who rendered instead would hold up every request queued on this worker.
        return respond(request, entry)
    lock = render_lock_key(path)
    if cache.add(lock, 1, timeout=settings.RENDER_LOCK_SECONDS):
        try:
            return render_and_store(request, path, encoding, render, number, changed_at)
        finally:
            cache.delete(lock)
    if entry is not None:
        return respond(request, entry)  # the previous copy, while another request renders
    if waited := wait_for_copy(key, number):
        return respond(request, waited)
    return render_and_store(request, path, encoding, render, number, changed_at)


def is_settling(changed_at: float) -> bool:
    return time.time() - changed_at < settings.STALE_GRACE_SECONDS


def render_and_store(
    request: HttpRequest, path: str, encoding: str, render, number: int, changed_at: float
) -> HttpResponse:
    count_render(path)
    response = render()
    if response.status_code != 200 or response.streaming:
        return response
    if "no-store" in response.get("Cache-Control", ""):
        return response
    return respond(request, store(request, path, response, number, changed_at)[encoding])


def count_render(path: str) -> None:
    """Count the renders of each page (read by `make bench`: renders per edit)."""
    key = RENDER_COUNT_KEY.format(language=get_language(), path=path)
    cache.add(key, 0, timeout=None)
    cache.incr(key)


def render_count(path: str, language: str) -> int:
    return cache.get(RENDER_COUNT_KEY.format(language=language, path=path), 0)


def render_lock_key(path: str) -> str:
    return RENDER_LOCK_KEY.format(language=get_language(), path=path)


def wait_for_copy(key: str, number: int) -> dict | None:
    """Wait for the request that is rendering this page; give up when its lock would expire."""
    deadline = time.monotonic() + settings.RENDER_LOCK_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        entry = cache.get(key)
        if entry is not None and entry["version"] >= number:
            return entry
    return None


def page_cache_on() -> bool:
    """PAGE_CACHE_SECONDS=0 turns the page cache off: every request renders (ETags still work)."""
    return settings.PAGE_CACHE_SECONDS != 0


def read_parameters(request: HttpRequest, query_params: tuple[str, ...]) -> QueryDict:
    """Return the query parameters a view reads, one value each, as the view would read them."""
    # An empty filter is the same page as no filter.
    kept = [(name, request.GET.get(name)) for name in sorted(query_params) if request.GET.get(name)]
    return QueryDict(urlencode(kept))


def cache_path(request: HttpRequest) -> str:
    """Return the path that names a page in the cache: the path and the parameters it reads."""
    query = request.GET.urlencode()
    return f"{request.path}?{query}" if query else request.path


def wanted_encoding(request: HttpRequest) -> str:
    encodings = request.META.get("HTTP_ACCEPT_ENCODING", "")
    accepts_gzip = any(
        part.split(";")[0].strip() == "gzip" and "q=0" not in part.replace(" ", "")
        for part in encodings.split(",")
    )
    return "gzip" if accepts_gzip else "identity"


def page_key(path: str, encoding: str) -> str:
    return PAGE_KEY.format(encoding=encoding, language=get_language(), path=path)


def store(
    request: HttpRequest, path: str, response: HttpResponse, version: int, changed_at: float
) -> dict:
    """Cache the page as sent plainly and gzipped, headers ready, so a hit only copies bytes."""
    body = response.content
    etag = hashlib.sha256(body).hexdigest()[:32]
    vary = "Accept-Encoding"
    if not get_language_from_path(request.path_info):
        # Plain URLs redirect first-time visitors by browser language and language cookie.
        vary += ", Accept-Language, Cookie"
    headers = {name: response[name] for name in COPIED_HEADERS if response.has_header(name)}
    headers |= {
        "Last-Modified": http_date(changed_at),
        "Cache-Control": "public, no-cache",
        "Vary": vary,
    }
    fresh_until = getattr(response, "fresh_until", None)
    common = {
        "version": version,
        "last_modified": changed_at,
        "fresh_until": fresh_until.timestamp() if fresh_until else None,
    }
    # A strong ETag names exact bytes, so the compressed form has its own.
    entries = {"identity": {**common, "body": body, "headers": {**headers, "ETag": f'"{etag}"'}}}
    compressed = gzip.compress(body, compresslevel=6, mtime=0)
    entries["gzip"] = (
        {
            **common,
            "body": compressed,
            "headers": {**headers, "ETag": f'"{etag}-gzip"', "Content-Encoding": "gzip"},
        }
        if len(compressed) < len(body)
        else entries["identity"]
    )
    if page_cache_on():
        cache.set_many(
            {page_key(path, encoding): entry for encoding, entry in entries.items()},
            timeout=settings.PAGE_CACHE_SECONDS,
        )
    return entries


def respond(request: HttpRequest, entry: dict) -> HttpResponse:
    """Answer from a cache entry, or 304/412 by RFC 9110's conditional rules (Django's own)."""
    headers = entry["headers"]
    response = HttpResponse(entry["body"], headers=headers)
    return get_conditional_response(
        request,
        etag=headers["ETag"],
        last_modified=int(entry["last_modified"]),
        response=response,
    )


class CachedPageMiddleware:
    """Answer cache hits before the rest of the stack runs: no session, CSRF, URL routing or view.

    It sits after the language middleware (the key needs the language) and after the security
    headers' middleware (hits get the same headers). Misses go on to the view, whose
    `cached_public_page` decorator renders and stores the page. In the grace after an edit it
    answers with the previous copy, as `serve_page` would: every reader in that moment went
    through the whole stack for the same answer (measured: an eighth more work per request with
    an edit every second).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only plain URLs: which parameters matter is known to the view, past the URL routing.
        if (
            request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and page_cache_on()
        ):
            # A cached page goes only to the site's own host names (400 for the others).
            request.get_host()
            key = page_key(request.path, wanted_encoding(request))
            found = cache.get_many([VERSION_KEY, key])
            entry = found.get(key)
            if entry is not None:
                try:
                    number, changed_at = found.get(VERSION_KEY) or content_version()
                except DatabaseError:
                    # Let the view run: its error becomes the "try again shortly" page.
                    return self.get_response(request)
                if is_fresh(entry, number) or is_settling(changed_at):
                    return respond(request, entry)
        return self.get_response(request)


def is_fresh(entry: dict, version: int) -> bool:
    if entry["version"] != version:
        return False
    return not entry["fresh_until"] or entry["fresh_until"] > timezone.now().timestamp()
