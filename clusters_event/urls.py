from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from clusters_event.admin_login import one_attempt_at_a_time
from clusters_event.views import favicon, health, picture_rendition, switch_language
from events.sitemaps import sitemaps
from events.views import robots_txt

language_codes = "|".join(code for code, _name in settings.LANGUAGES)

admin.site.login = one_attempt_at_a_time(admin.site.login)
# The lists need the width at 1280 px; the home page lists the same models.
admin.site.enable_nav_sidebar = False
handler400 = "clusters_event.views.bad_request"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("health/", health, name="health"),
    # Browsers ask for /favicon.ico on pages that name no icon, such as the admin's.
    path("favicon.ico", favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
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
    path("", include("registrations.urls")),
    path("", include("networking.urls")),
    path("", include("meetings.urls")),
    path("", include("door.urls")),
    path("", include("events.urls")),
    prefix_default_language=False,
)
