from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from common import roles
from common.images import RENDITIONS_FOLDER


@require_safe
def switch_language(request: HttpRequest, language: str) -> HttpResponse:
    """Remember the visitor's language and show them the same page in it."""
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # translate_url resolves the path in the active language, so take the one it is written in.
    with translation.override(get_language_from_path(next_url) or settings.LANGUAGE_CODE):
        target = translate_url(next_url, language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """Tell a load balancer whether this app server can serve, and which part is down.

    The database is required (503 without it); the cache only speeds things up, so with it
    down the server still serves (200, status "degraded").
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "unreachable"
    ping = getattr(cache, "ping", None)
    cache_state = "ok" if ping is None or ping() else "unreachable"
    if database != "ok":
        status, code = "unavailable", 503
    elif cache_state != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "database": database, "cache": cache_state}, status=code)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(staticfiles_storage.url("img/favicon.svg"))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer 403: in the admin, in its look, saying which role the page needs."""
    in_admin = request.path.startswith(f"/{settings.ADMIN_URL}")
    if not (in_admin and request.user.is_authenticated and request.user.is_staff):
        return defaults.permission_denied(request, exception)
    if isinstance(exception, roles.NeedsPermission):
        needed = roles.roles_with(exception.permission)
    else:
        match = getattr(request, "resolver_match", None)
        needed = roles_for_admin_page(match.url_name if match else "")
    context = admin.site.each_context(request) | {
        "title": _("Not allowed"),
        "needed": [str(role.label) for role in needed],
        "mine": [
            str(role.label) for role in roles.ROLES.values() if roles.has_role(request.user, role)
        ],
    }
    return TemplateResponse(request, "admin/permission_denied.html", context, status=403)


def roles_for_admin_page(url_name: str) -> list[roles.Role]:
    """Return the roles that open an admin page, by its URL's name ("events_session_change")."""
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if url_name.startswith(prefix):
            action = {"add": "add", "delete": "delete"}.get(url_name.removeprefix(prefix), "view")
            return roles.roles_with(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
    return []


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer 400 with the site's page, reading nothing more of the request.

    Django's own handler checks the CSRF token first, which reads the body that could not be
    read (a form declaring charset=utf-16), fails again and turns the 400 into a bare 500.
    """
    return HttpResponse(render_to_string("400.html"), status=400)


@require_safe
def picture_rendition(request: HttpRequest, name: str) -> HttpResponse:
    """Serve a WebP rendition of an uploaded picture; its name is random, so cache it a year.

    Only renditions we wrote are served, never an uploaded original (see common.images).
    """
    path = f"{RENDITIONS_FOLDER}/{name}"
    if not default_storage.exists(path):
        raise Http404
    response = FileResponse(default_storage.open(path), content_type="image/webp")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
