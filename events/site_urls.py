"""The programme's addresses outside the language prefixes: the sitemap and robots.txt."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from events.sitemaps import sitemaps
from events.views import robots_txt

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]
