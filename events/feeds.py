"""The edition's feed of changes (Atom): sessions moved or cancelled, materials added."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from common.links import absolute_url
from events.models import Edition
from events.shortcuts import get_public_edition

NEWEST = 50


class EditionChangesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, edition_slug: str) -> Edition:
        return get_public_edition(edition_slug)

    def title(self, edition: Edition) -> str:
        return _("Changes to %(edition)s") % {"edition": edition.title}

    def subtitle(self, edition: Edition) -> str:
        return _("Sessions moved or cancelled, and new slides, recordings and documents.")

    # Every link from SITE_URL (clusters_event/links.py), never from the request's host.
    def link(self, edition: Edition) -> str:
        return absolute_url(edition.get_absolute_url())

    def feed_url(self, edition: Edition) -> str:
        return absolute_url(reverse("events:changes_feed", kwargs={"edition_slug": edition.slug}))

    def items(self, edition: Edition) -> list[dict]:
        changed = [
            {
                "title": (
                    _("Cancelled: %(session)s")
                    if session.is_cancelled
                    else _("Changed: %(session)s")
                )
                % {"session": session.title},
                "text": f"{session.local_starts_at:%Y-%m-%d %H:%M}, {session.location_label}",
                "link": absolute_url(session.get_absolute_url()),
                "when": session.updated_at,
                "id": f"session-{session.uid}-{session.sequence}",
            }
            for session in edition.sessions.for_agenda().filter(sequence__gt=0)
        ]
        added = [
            {
                "title": f"{material.get_kind_display()}: {material.title}",
                "text": material.session.title if material.session else edition.title,
                "link": absolute_url(
                    material.session.get_absolute_url()
                    if material.session
                    else edition.get_absolute_url()
                ),
                "when": material.created_at,
                "id": f"material-{material.pk}",
            }
            for material in edition.materials.select_related("session")
        ]
        return sorted(changed + added, key=lambda item: item["when"], reverse=True)[:NEWEST]

    def item_title(self, item: dict) -> str:
        return item["title"]

    def item_description(self, item: dict) -> str:
        return item["text"]

    def item_link(self, item: dict) -> str:
        return item["link"]

    def item_guid(self, item: dict) -> str:
        return absolute_url(f"/#{item['id']}")

    def item_guid_is_permalink(self, item: dict) -> bool:
        return False

    def item_updateddate(self, item: dict):
        return item["when"]

    def item_pubdate(self, item: dict):
        return item["when"]
