import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path, get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a "try again shortly" page when the database cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if not is_connection_error(exception):
            return None
        logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response


def is_connection_error(exception: DatabaseError) -> bool:
    # psycopg raises OperationalError both for lost connections and for e.g. serialisation
    # failures; only the former is "the database is down".
    cause = exception.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(("08", "57P"))


class PreferredLanguageMiddleware:
    """Send a first-time visitor of a plain (English) URL to their browser's language, once.

    The visitor's own choice, stored in the language cookie by the language switch, wins over
    the browser; calendar feeds and non-page URLs are never redirected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(f"/{settings.ADMIN_URL}"):
            # The admin has no language prefix: it follows the visitor's chosen language.
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if chosen in dict(settings.LANGUAGES):
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
            return self.get_response(request)
        if target := self.preferred_url(request):
            response = HttpResponseRedirect(target)
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
            return response
        return self.get_response(request)

    def preferred_url(self, request: HttpRequest) -> str | None:
        if request.method not in ("GET", "HEAD") or request.path.endswith(".ics"):
            return None
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in dict(settings.LANGUAGES):
            wanted = chosen
        else:
            wanted = get_supported_language_from_header(request)
        if not wanted or wanted == settings.LANGUAGE_CODE:
            return None
        # Checked last: resolving the URL is the costly part.
        if get_language_from_path(request.path_info) or not is_localized_page(request):
            return None
        target = translate_url(request.get_full_path(), wanted)
        return target if target != request.get_full_path() else None


def is_localized_page(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.namespace in ("events", "registrations")


def get_supported_language_from_header(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for accepted, _quality in parse_accept_lang_header(header):
        if accepted == "*":
            return None
        try:
            return get_supported_language_variant(accepted)
        except LookupError:
            continue
    return None
