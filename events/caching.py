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
from django.db import DatabaseError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language, get_language_from_path

from events.models import ContentVersion

VERSION_KEY = "events:content-version"
PAGE_KEY = "events:page:{encoding}:{language}:{path}"
COPIED_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


def content_version() -> tuple[int, float]:
    """Return the content version number and when it changed (a timestamp)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        current, _created = ContentVersion.objects.get_or_create(pk=1)
        version = (current.number, current.changed_at.timestamp())
        cache.set(VERSION_KEY, version, timeout=settings.CONTENT_VERSION_CACHE_SECONDS)
    return version


def content_changed() -> None:
    """Raise the content version; every cached page and ETag changes with it."""
    raised = ContentVersion.objects.filter(pk=1).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not raised:
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})
    cache.delete(VERSION_KEY)
    # Also after commit, so a request that read the old version meanwhile cannot keep it.
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


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
        encoding = wanted_encoding(request)
        path = cache_path(request)
        key = page_key(path, encoding)
        # One round trip to the cache for both the version and the page.
        found = cache.get_many([VERSION_KEY, key] if page_cache_on() else [VERSION_KEY])
        number, changed_at = found.get(VERSION_KEY) or content_version()
        entry = found.get(key)
        if entry is None or not is_fresh(entry, number):
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            if "no-store" in response.get("Cache-Control", ""):
                return response
            entry = store(request, path, response, number, changed_at)[encoding]
        return respond(request, entry)

    return wrapper


def page_cache_on() -> bool:
    """PAGE_CACHE_SECONDS=0 turns the page cache off: every request renders (ETags still work)."""
    return settings.PAGE_CACHE_SECONDS != 0


def read_parameters(request: HttpRequest, query_params: tuple[str, ...]) -> QueryDict:
    """Return the query parameters a view reads, one value each, as the view would read them."""
    kept = QueryDict(mutable=True)
    for name in sorted(query_params):
        # An empty filter is the same page as no filter.
        if value := request.GET.get(name):
            kept[name] = value
    kept._mutable = False
    return kept


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
    `cached_public_page` decorator renders and stores the page.
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
                    number, _changed_at = found.get(VERSION_KEY) or content_version()
                except DatabaseError:
                    # Let the view run: its error becomes the "try again shortly" page.
                    return self.get_response(request)
                if is_fresh(entry, number):
                    return respond(request, entry)
        return self.get_response(request)


def is_fresh(entry: dict, version: int) -> bool:
    if entry["version"] != version:
        return False
    return not entry["fresh_until"] or entry["fresh_until"] > timezone.now().timestamp()
