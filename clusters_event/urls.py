from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from clusters_event.views import switch_language
from events.sitemaps import sitemaps
from events.views import robots_txt

language_codes = "|".join(code for code, _name in settings.LANGUAGES)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    re_path(
        rf"^language/(?P<language>{language_codes})/$", switch_language, name="switch_language"
    ),
]

# English at the plain URLs, other languages under their prefix (/it/...).
urlpatterns += i18n_patterns(
    path("", include("registrations.urls")),
    path("", include("events.urls")),
    prefix_default_language=False,
)
