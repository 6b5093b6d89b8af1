"""Live in the admin: polls prepared per session, and each session's and the edition's live
addresses (questions, presenter's view, moderator's link, room screens) on their pages."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from common import admin_extensions
from events.models import Edition, Place, Session
from live.models import Poll, PollChoice, SessionLive


class PollChoiceInline(TranslationTabularInline):
    model = PollChoice
    extra = 0
    fields = ["order", "text"]


@admin.register(Poll)
class PollAdmin(TranslationAdmin):
    list_display = ["question", "session", "multiple", "state"]
    list_filter = ["session__edition", "state"]
    autocomplete_fields = ["session"]
    inlines = [PollChoiceInline]
    fields = ["session", "question", "multiple", "state", "order"]


def link_list(links) -> str:
    return format_html(
        '<ul class="live-links">{}</ul>',
        format_html_join("", '<li><a href="{}">{}</a></li>', links),
    )


def session_links(session: Session) -> str:
    if session.pk is None:
        return "–"
    live, _created = SessionLive.objects.get_or_create(session=session)
    slug, edition = session.slug, session.edition.slug
    return link_list(
        [
            (reverse("live:questions", args=[edition, slug]), _("Questions and polls (public)")),
            (reverse("live:presenter", args=[edition, slug]), _("Presenter's view (the stage)")),
            (
                reverse("live:moderate", args=[edition, live.moderator_token]),
                _("Moderator's page (a private link: give it only to the moderator)"),
            ),
            (reverse("admin:live_poll_add") + f"?session={session.pk}", _("Prepare a poll")),
        ]
    )


def screen_links(edition: Edition) -> str:
    if edition.pk is None:
        return "–"
    places = Place.objects.filter(sessions__edition=edition).distinct()
    return link_list(
        [
            (reverse("live:venue_screen", args=[edition.slug]), _("The whole venue")),
            *(
                (reverse("live:place_screen", args=[edition.slug, place.pk]), str(place))
                for place in places
            ),
        ]
    )


admin_extensions.add_panel(Session, _("Live: questions, polls, the stage"), session_links)
admin_extensions.add_panel(Edition, _("Room screens"), screen_links)
