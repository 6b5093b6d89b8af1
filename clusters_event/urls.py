from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from common.admin_login import one_attempt_at_a_time
from common.views import favicon, health, picture_rendition, switch_language

language_codes = "|".join(code for code, _name in settings.LANGUAGES)

admin.site.login = one_attempt_at_a_time(admin.site.login)
# The lists need the width at 1280 px; the home page lists the same models.
admin.site.enable_nav_sidebar = False
handler400 = "common.views.bad_request"
handler403 = "common.views.permission_denied"

urlpatterns = [
    path(f"{settings.ADMIN_URL}overview/", include("overview.urls")),
    path(f"{settings.ADMIN_URL}outcomes/", include("outcomes.admin_urls")),
    path(f"{settings.ADMIN_URL}pitches/review/", include("pitches.admin_urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("health/", health, name="health"),
    # Browsers ask for /favicon.ico on pages that name no icon, such as the admin's.
    path("favicon.ico", favicon, name="favicon"),
    path("", include("events.site_urls")),
    re_path(
        rf"^{settings.MEDIA_URL.strip('/')}/renditions/(?P<name>[0-9a-f]{{32}}-[0-9]+\.webp)$",
        picture_rendition,
        name="picture_rendition",
    ),
    re_path(
        rf"^language/(?P<language>{language_codes})/$", switch_language, name="switch_language"
    ),
]

# English at the plain URLs, other languages under their prefix (/it/...).
urlpatterns += i18n_patterns(
    path("", include("downloads.urls")),
    path("", include("registrations.urls")),
    path("", include("networking.urls")),
    path("", include("meetings.urls")),
    path("", include("door.urls")),
    path("", include("outcomes.urls")),
    path("", include("pitches.urls")),
    path("", include("live.urls")),
    path("", include("events.urls")),
    prefix_default_language=False,
)
