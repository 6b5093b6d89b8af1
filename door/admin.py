from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from door import badges
from registrations.admin import RegistrationAdmin
from registrations.models import Registration

admin.site.unregister(Registration)


@admin.register(Registration)
class RegistrationWithBadgesAdmin(RegistrationAdmin):
    """Registrations, with badges to print for a selection."""

    actions = [*RegistrationAdmin.actions, "print_badge_sheets", "print_single_badges"]

    def print_badges(self, request, queryset, layout: str):
        people = queryset.filter(status=Registration.Status.CONFIRMED)
        if not people.exists():
            self.message_user(
                request, _("Badges are printed for confirmed registrations only."), messages.WARNING
            )
            return None
        try:
            pdf = badges.badges_pdf(people, layout=layout)
        except badges.BadgesUnavailable:
            self.message_user(request, badges.UNAVAILABLE_MESSAGE, messages.ERROR)
            return None
        return badges.pdf_response(pdf, f"badges-{layout}.pdf")

    @admin.action(description=_("Print badges: A4 sheets of 10, with cut marks (PDF)"))
    def print_badge_sheets(self, request, queryset):
        return self.print_badges(request, queryset, badges.SHEETS)

    @admin.action(description=_("Print badges: one a page, for a badge printer (PDF)"))
    def print_single_badges(self, request, queryset):
        return self.print_badges(request, queryset, badges.SINGLE)
