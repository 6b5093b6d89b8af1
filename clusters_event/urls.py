from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from events.sitemaps import sitemaps
from events.views import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("registrations.urls")),
    path("", include("events.urls")),
]
