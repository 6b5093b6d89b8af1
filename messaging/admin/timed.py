"""Timed messages in the admin: switched on or off, their texts, when they go out."""

from django.contrib import admin
from django.db.models import CharField, Count, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from common.dates import format_date
from events.models import Edition
from messaging import services
from messaging.emails import TIMED
from messaging.models import TimedMessage
from outbox.models import Email


@admin.register(TimedMessage)
class TimedMessageAdmin(TranslationAdmin):
    list_display = ["kind", "edition", "is_on", "due", "recipient_count"]
    list_editable = ["is_on"]
    list_filter = [("edition", admin.RelatedOnlyFieldListFilter), "kind", "is_on"]
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
        return f"{format_date(due, 'j F Y, H:i')} {due.tzname()}"

    @admin.display(description=_("sent to"))
    def recipient_count(self, message: TimedMessage) -> int:
        return getattr(message, "sent_to", 0)
