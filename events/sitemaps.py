from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Edition, Session


class LocalizedSitemap(Sitemap):
    """Every page in every language, each listing its other-language versions.

    The addresses use SITE_URL's scheme and host, not the request's, like every absolute URL.
    """

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class EditionSitemap(LocalizedSitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return Edition.objects.published()

    def lastmod(self, edition: Edition):
        return edition.updated_at


class EditionPageSitemap(LocalizedSitemap):
    """The agenda, speakers and venue pages of every published edition."""

    pages = ("events:agenda", "events:speakers", "events:venue")
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            (page, slug)
            for slug in Edition.objects.published().values_list("slug", flat=True)
            for page in self.pages
        ]

    def location(self, item):
        page, slug = item
        return reverse(page, kwargs={"edition_slug": slug})


class SessionSitemap(LocalizedSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return (
            Session.objects.published()
            .select_related("edition")
            .order_by("edition__start_date", "starts_at")
        )

    def lastmod(self, session: Session):
        return session.updated_at


sitemaps = {
    "editions": EditionSitemap,
    "edition-pages": EditionPageSitemap,
    "sessions": SessionSitemap,
}
