"""Venues and their places, organisations and speakers."""

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from common import audit
from events.emails import email_upload_links, speaker_upload_links
from events.models import Organisation, Place, Speaker, Venue
from events.models.sessions import random_token


class PlaceInline(TranslationTabularInline):
    model = Place
    extra = 0


@admin.register(Venue)
class VenueAdmin(TranslationAdmin):
    list_display = ["name", "city", "country"]
    search_fields = ["name", "city", "street_address"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PlaceInline]


@admin.register(Place)
class PlaceAdmin(TranslationAdmin):
    list_display = ["name", "location_detail", "venue"]
    list_filter = [("venue", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "location_detail", "venue__name"]


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "short_name", "url"]
    search_fields = ["name", "short_name"]


@admin.register(Speaker)
class SpeakerAdmin(TranslationAdmin):
    list_display = ["name", "job_title", "organisation", "has_photo"]
    search_fields = ["name", "organisation", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_as_shown", "upload_links"]
    actions = ["email_upload_links", "replace_upload_links"]

    @admin.display(description=_("links to upload slides"))
    def upload_links(self, speaker: Speaker) -> str:
        links = speaker_upload_links(speaker) if speaker.pk else []
        if not links:
            return _("Once the speaker is on a session, their link appears here.")
        return format_html_join(mark_safe("<br>"), "{}: {}", links)

    @admin.action(description=_("Email them their links to upload slides"))
    def email_upload_links(self, request, queryset):
        without = [speaker.name for speaker in queryset if not speaker.email]
        with_email = [speaker for speaker in queryset if speaker.email]
        for speaker in with_email:
            email_upload_links(speaker, get_language())
        audit.record(request.user, with_email, _("Emailed their links to upload slides."))
        self.message_user(
            request,
            ngettext(
                "%d speaker is being emailed their links.",
                "%d speakers are being emailed their links.",
                len(with_email),
            )
            % len(with_email),
        )
        if without:
            self.message_user(
                request,
                _("No email address for: %(names)s. Copy their link from their page.")
                % {"names": ", ".join(without)},
                messages.WARNING,
            )

    @admin.action(description=_("Replace their links to upload slides (the old ones stop)"))
    def replace_upload_links(self, request, queryset):
        for speaker in queryset:
            speaker.upload_token = random_token()
            speaker.save(update_fields=["upload_token"])
        audit.record(request.user, queryset, _("Replaced their links to upload slides."))
        self.message_user(request, _("New links made; email them again."))

    @admin.display(description=_("photo"), boolean=True)
    def has_photo(self, speaker: Speaker) -> bool:
        return bool(speaker.photo)

    @admin.display(description=_("as pages show it"))
    def photo_as_shown(self, speaker: Speaker) -> str:
        if not (urls := speaker.photo_urls):
            return "–"
        return format_html(
            '<img src="{}" width="96" height="96" alt="{}" style="border-radius:50%">',
            urls[96],
            speaker.photo_alt,
        )
