from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common import audit
from common.admin_filters import PresentChoicesFilter
from outbox import sending
from outbox.models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """Every email sent, being sent or failed (and why), to send a failed one again."""

    list_display = ["kind", "recipient", "status", "attempts", "last_attempt_at", "sent_at"]
    list_filter = [("status", PresentChoicesFilter), ("kind", PresentChoicesFilter)]
    search_fields = ["to_address", "purpose"]
    readonly_fields = [field.name for field in Email._meta.fields]
    actions = ["send_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("person")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("to"))
    def recipient(self, email: Email) -> str:
        return email.recipient_label

    @admin.action(description=_("Send again"), permissions=["send"])
    def send_again(self, request, queryset):
        count = sending.send_again(queryset)
        audit.record(request.user, queryset, _("Queued to be sent again."))
        self.message_user(
            request,
            ngettext(
                "%d email queued; the worker sends it in a moment.",
                "%d emails queued; the worker sends them in a moment.",
                count,
            )
            % count,
        )

    def has_send_permission(self, request) -> bool:
        return request.user.has_perm("outbox.send_email_again")
