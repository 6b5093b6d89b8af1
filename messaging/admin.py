from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import CharField, Count, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from events.models import Edition
from messaging import services
from messaging.emails import TIMED
from messaging.models import Announcement, TimedMessage
from messaging.words import message_for
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


@admin.register(Announcement)
class AnnouncementAdmin(TranslationAdmin):
    form = AnnouncementForm
    list_display = ["subject", "edition", "state", "send_at", "queued_at"]
    list_filter = ["edition", "state"]
    search_fields = ["subject_en", "subject_it"]
    change_form_template = "admin/messaging/announcement/change_form.html"
    fieldsets = [
        (None, {"fields": ["edition", "subject", "body"]}),
        (_("Who receives it"), {"fields": WHO_RECEIVES_IT}),
        (_("Sending"), {"fields": ["send_at", "state", "overview"]}),
    ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id:
            sent = Announcement.objects.filter(
                pk=object_id, state=Announcement.State.SENDING
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
        fixed = ["state", "overview"]
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
            count = services.queue(obj.pk)
            if count:
                self.message_user(
                    request,
                    ngettext(
                        "%d email queued; the worker sends it now.",
                        "%d emails queued; the worker sends them now.",
                        count,
                    )
                    % count,
                )
            else:
                self.message_user(
                    request, _("Nobody matches these filters: nothing was sent."), messages.WARNING
                )
        elif "_schedule" in request.POST:
            if obj.send_at is None:
                self.message_user(request, _("Set “send at” first."), messages.ERROR)
            else:
                services.schedule(obj.pk)
                self.message_user(request, _("Scheduled: the worker sends it at the time set."))
        elif "_send_preview" in request.POST:
            if not request.user.email:
                self.message_user(
                    request,
                    _("Your account has no email address to send a test to."),
                    messages.ERROR,
                )
            elif count := services.send_preview(obj, request.user.email):
                self.message_user(
                    request,
                    _("A test is on its way to %(address)s, as a real recipient gets it.")
                    % {"address": request.user.email},
                )
            else:
                self.message_user(request, _("Nobody matches: there is nothing to preview."))
        return super().response_change(request, obj)

    @admin.display(description=_("recipients and progress"))
    def overview(self, announcement: Announcement) -> str:
        if announcement.pk is None:
            return _("Save the draft to see who receives it and a preview.")
        if announcement.state == Announcement.State.SENDING:
            return self.progress(announcement)
        people = list(services.recipients(announcement).order_by("pk")[:200])
        count = services.recipients(announcement).count()
        parts = [
            format_html(
                "<p><strong>{}</strong></p>",
                ngettext("%d person receives it.", "%d people receive it.", count) % count,
            )
        ]
        for language, language_name in settings.LANGUAGES:
            # A reader of that language when there is one; otherwise the first recipient.
            person = next(
                (p for p in people if p.language == language), people[0] if people else None
            )
            if person is None:
                break
            subject, body = message_for(announcement, person, language)
            parts.append(
                format_html(
                    '<p>{}</p><div lang="{}" style="white-space:pre-wrap;border:1px solid #ccc;'
                    'padding:.5rem;max-width:60em"><strong>{}</strong>\n\n{}</div>',
                    _("As %(name)s would read it in %(language)s:")
                    % {"name": person.full_name, "language": language_name},
                    language,
                    subject,
                    body,
                )
            )
        return format_html_join("", "{}", ((part,) for part in parts))

    def progress(self, announcement: Announcement) -> str:
        emails = Email.objects.for_purpose(services.announcement_purpose(announcement.pk))
        counts = dict(emails.values_list("status").annotate(count=Count("pk")).order_by())
        rows = [(label, counts.get(status, 0)) for status, label in Email.Status.choices]
        shown = emails.prefetch_related("person").order_by("status", "pk")[:RECIPIENTS_SHOWN]
        recipients = [
            (email.person, email.get_status_display(), email.sent_at or "–", email.last_error)
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


@admin.register(TimedMessage)
class TimedMessageAdmin(TranslationAdmin):
    list_display = ["kind", "edition", "is_on", "due", "recipient_count"]
    list_editable = ["is_on"]
    list_filter = ["edition", "kind", "is_on"]
    readonly_fields = ["due", "recipient_count"]
    fields = ["edition", "kind", "is_on", "days", "anchor", "local_time", "due", "subject",
              "body", "recipient_count"]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "edition", "kind"] if obj else self.readonly_fields

    def changelist_view(self, request, extra_context=None):
        # Editions saved before timed messages existed get theirs on the first visit here.
        for edition in Edition.objects.filter(timed_messages__isnull=True):
            services.ensure_timed_messages(edition)
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        sent = (
            Email.objects.filter(
                purpose=Concat(Value(f"{TIMED}:"), Cast(OuterRef("pk"), CharField()))
            )
            .order_by()
            .values("purpose")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .select_related("edition")
            .annotate(sent_to=Coalesce(Subquery(sent), 0))
        )

    @admin.display(description=_("goes out"))
    def due(self, message: TimedMessage) -> str:
        if message.pk is None:
            return "–"
        due = message.due_at()
        return f"{date_format(due, 'DATETIME_FORMAT')} {due.tzname()}"

    @admin.display(description=_("sent to"))
    def recipient_count(self, message: TimedMessage) -> int:
        return getattr(message, "sent_to", 0)
