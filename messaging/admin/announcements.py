"""Announcements in the admin: written, previewed for a fictitious participant, tested, then
sent after a confirmation that names how many people receive them."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from common import audit
from common.admin_filters import PresentChoicesFilter
from common.dates import format_date
from common.parsing import parse_id
from events.admin.lists import LocalTimeAdminMixin, zone_from_name
from events.models import Edition
from messaging import services
from messaging.models import Announcement
from messaging.words import SampleParticipant, message_for
from outbox.models import Email
from registrations.models import Registration

STATUS_CHOICES = [
    (status, label)
    for status, label in Registration.Status.choices
    if status in Registration.ACTIVE_STATUSES
]
# Who received it, on the announcement's page; the emails' list has them all.
RECIPIENTS_SHOWN = 100
WHO_RECEIVES_IT = [
    "audience", "statuses", "day", "session", "category", "country", "checked_in",
    "open_to_meetings",
]  # fmt: skip
UNSENT = [Email.Status.QUEUED, Email.Status.SENDING]


class AnnouncementForm(forms.ModelForm):
    statuses = forms.MultipleChoiceField(
        label=_("registration status"),
        choices=STATUS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For registrants: none ticked means confirmed only."),
    )

    class Meta:
        model = Announcement
        fields = [
            "edition", "subject_en", "subject_it", "body_en", "body_it", "audience", "statuses",
            "day", "session", "category", "country", "checked_in", "open_to_meetings", "send_at",
        ]  # fmt: skip


def state_of(announcement: Announcement) -> str:
    """Return the state as organisers read it: "Sent" once every email is out."""
    if announcement.state != Announcement.State.SENDING:
        return announcement.get_state_display()
    unsent = getattr(announcement, "has_unsent", None)
    if unsent is None:
        purpose = services.announcement_purpose(announcement.pk)
        unsent = Email.objects.for_purpose(purpose).filter(status__in=UNSENT).exists()
    return str(_("Being sent") if unsent else _("Sent"))


@admin.register(Announcement)
class AnnouncementAdmin(LocalTimeAdminMixin, TranslationAdmin):
    form = AnnouncementForm
    list_display = ["subject", "edition", "state_shown", "local_send_at", "local_queued_at"]
    list_filter = [("edition", admin.RelatedOnlyFieldListFilter), ("state", PresentChoicesFilter)]
    search_fields = ["subject_en", "subject_it"]
    change_form_template = "admin/messaging/announcement/change_form.html"
    local_time_fields = ("send_at",)
    fieldsets = [
        (None, {"fields": ["edition", "subject", "body"]}),
        (_("Who receives it"), {"fields": WHO_RECEIVES_IT}),
        (_("Sending"), {"fields": ["send_at", "state_shown", "local_queued_at", "overview"]}),
    ]

    def get_urls(self):
        send = path(
            "<path:object_id>/send/",
            self.admin_site.admin_view(self.send_view),
            name="messaging_announcement_send",
        )
        return [send, *super().get_urls()]

    def get_queryset(self, request):
        purpose = services.announcement_purpose_expression(OuterRef("pk"))
        unsent = Email.objects.filter(purpose=purpose, status__in=UNSENT)
        return super().get_queryset(request).annotate(has_unsent=Exists(unsent))

    def zone_for_request(self, request, object_id):
        edition_id = parse_id(request.POST.get("edition")) if request.method == "POST" else None
        if edition_id is None and object_id and (found := parse_id(str(object_id))):
            edition_id = (
                Announcement.objects.filter(pk=found).values_list("edition_id", flat=True).first()
            )
        edition_id = edition_id or parse_id(request.GET.get("edition"))
        edition = Edition.objects.filter(pk=edition_id).first() if edition_id else None
        edition = edition or (Edition.objects.current() if object_id is None else None)
        return zone_from_name(edition.time_zone) if edition else None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id:
            sent = Announcement.objects.filter(
                pk=parse_id(str(object_id)), state=Announcement.State.SENDING
            ).exists()
            if sent:
                # A second click, or a stale page: what was sent stays as it was.
                self.message_user(
                    request,
                    _("This announcement was already sent: nothing more was queued."),
                    messages.WARNING,
                )
                return redirect(request.path)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fixed = ["state_shown", "local_queued_at", "overview"]
        if obj is not None and obj.state == Announcement.State.SENDING:
            # Sent is sent: what people received stays on record as it was.
            return [*fixed, *(f.name for f in Announcement._meta.fields)]
        return fixed

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if "_send_now" in request.POST:
            # Nothing is sent from the form: the next page asks, naming how many people.
            return redirect("admin:messaging_announcement_send", obj.pk)
        if "_schedule" in request.POST:
            if obj.send_at is None:
                self.message_user(request, _("Set “send at” first."), messages.ERROR)
            else:
                services.schedule(obj.pk)
                audit.record(request.user, [obj], _("Scheduled for its “send at”."))
                self.message_user(request, _("Scheduled: the worker sends it at the time set."))
        elif "_send_preview" in request.POST:
            if not request.user.email:
                self.message_user(
                    request,
                    _("Your account has no email address to send a test to."),
                    messages.ERROR,
                )
            else:
                services.send_preview(obj, request.user.email)
                self.message_user(
                    request,
                    _(
                        "A test is on its way to %(address)s, in each language, as a "
                        "participant reads it (an example participant: no one's data or links)."
                    )
                    % {"address": request.user.email},
                )
        else:
            return super().response_change(request, obj)
        return redirect(request.path)  # back to the announcement, to check and go on

    def send_view(self, request, object_id):
        """Ask before sending, naming how many people receive it; a second click sends
        nothing more."""
        announcement = get_object_or_404(Announcement, pk=parse_id(object_id))
        if not self.has_change_permission(request, announcement):
            raise PermissionDenied
        change_url = reverse("admin:messaging_announcement_change", args=[announcement.pk])
        count = services.recipient_count(announcement)
        if request.method == "POST" and announcement.state != Announcement.State.SENDING:
            if parse_id(request.POST.get("count")) == count:
                queued = services.queue(announcement.pk)
                announcement.refresh_from_db()  # another click may have sent it meanwhile
                if queued:
                    audit.record(
                        request.user,
                        [announcement],
                        _("Sent; recipients: %(count)s."),
                        count=queued,
                    )
                    self.message_user(
                        request,
                        ngettext(
                            "%d email queued; the worker sends it now.",
                            "%d emails queued; the worker sends them now.",
                            queued,
                        )
                        % queued,
                    )
                    return redirect(change_url)
            else:
                self.message_user(
                    request,
                    _("The number of recipients changed meanwhile: please confirm again."),
                    messages.WARNING,
                )
        if announcement.state == Announcement.State.SENDING:
            self.message_user(
                request,
                _("This announcement was already sent: nothing more was queued."),
                messages.WARNING,
            )
            return redirect(change_url)
        context = self.admin_site.each_context(request) | {
            "title": _("Send “%(subject)s”?") % {"subject": announcement.subject},
            "opts": self.model._meta,
            "original": announcement,
            "count": count,
            "change_url": change_url,
            "previews": self.previews(announcement),
        }
        return TemplateResponse(request, "admin/messaging/announcement/send.html", context)

    def previews(self, announcement: Announcement) -> list[dict]:
        """The message in each language, as a fictitious participant reads it."""
        found = []
        for language, language_name in settings.LANGUAGES:
            reader = SampleParticipant(edition=announcement.edition, language=language)
            subject, body = message_for(announcement, reader, language)
            found.append(
                {
                    "language": language,
                    "name": language_name,
                    "subject": subject,
                    # Paragraphs kept; the text itself escaped by linebreaks.
                    "body": mark_safe(linebreaks(body, autoescape=True)),
                }
            )
        return found

    @admin.display(description=_("state"))
    def state_shown(self, announcement: Announcement) -> str:
        return state_of(announcement) if announcement.pk else "–"

    @admin.display(description=_("send at"), ordering="send_at")
    def local_send_at(self, announcement: Announcement) -> str:
        return self.in_edition_zone(announcement, announcement.send_at)

    @admin.display(description=_("queued"), ordering="queued_at")
    def local_queued_at(self, announcement: Announcement) -> str:
        return self.in_edition_zone(announcement, announcement.queued_at)

    @staticmethod
    def in_edition_zone(announcement: Announcement, moment) -> str:
        if moment is None:
            return "–"
        local = moment.astimezone(announcement.edition.tz)
        return f"{format_date(local, 'j F Y, H:i')} {local.tzname()}"

    @admin.display(description=_("recipients and progress"))
    def overview(self, announcement: Announcement) -> str:
        if announcement.pk is None:
            return _("Save the draft to see who receives it and a preview.")
        if announcement.state == Announcement.State.SENDING:
            return self.progress(announcement)
        count = services.recipient_count(announcement)
        parts = [
            format_html(
                "<p><strong>{}</strong></p>",
                ngettext("%d person receives it.", "%d people receive it.", count) % count,
            )
        ]
        for preview in self.previews(announcement):
            parts.append(
                format_html(
                    '<p>{}</p><div class="message-preview" lang="{}"><p><strong>{}</strong></p>'
                    "{}</div>",
                    _("As a participant reads it in %(language)s (an example participant):")
                    % {"language": preview["name"]},
                    preview["language"],
                    preview["subject"],
                    preview["body"],
                )
            )
        return format_html_join("", "{}", ((part,) for part in parts))

    def progress(self, announcement: Announcement) -> str:
        emails = Email.objects.for_purpose(services.announcement_purpose(announcement.pk))
        counts = dict(emails.values_list("status").annotate(count=Count("pk")).order_by())
        rows = [(label, counts.get(status, 0)) for status, label in Email.Status.choices]
        shown = emails.prefetch_related("person").order_by("status", "pk")[:RECIPIENTS_SHOWN]
        recipients = [
            (
                email.person,
                email.get_status_display(),
                self.in_edition_zone(announcement, email.sent_at),
                email.last_error,
            )
            for email in shown
        ]
        return format_html(
            "{}<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            '<tbody>{}</tbody></table><p><a href="{}?purpose={}">{}</a></p>',
            format_html_join("", "<div>{}: <strong>{}</strong></div>", rows),
            _("recipient"),
            _("status"),
            _("sent"),
            _("last error"),
            format_html_join(
                "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", recipients
            ),
            reverse("admin:outbox_email_changelist"),
            services.announcement_purpose(announcement.pk),
            _("Every email of this announcement"),
        )
