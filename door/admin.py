"""Badges to print for a selection of registrations, as actions on the registrations' list."""

from django.contrib import admin, messages
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common import admin_extensions, pdf
from door import badges
from registrations.models import Registration


def print_badges(modeladmin, request, queryset, layout: str):
    people = queryset.filter(status=Registration.Status.CONFIRMED)
    if not people.exists():
        modeladmin.message_user(
            request, _("Badges are printed for confirmed registrations only."), messages.WARNING
        )
        return None
    try:
        # In the language the organiser reads the admin in: one language per print.
        document = badges.badges_pdf(people, layout=layout, language=get_language())
    except pdf.PdfUnavailable:
        modeladmin.message_user(request, pdf.UNAVAILABLE_MESSAGE, messages.ERROR)
        return None
    return pdf.pdf_response(document, f"badges-{layout}-{get_language()}.pdf")


@admin.action(description=_("Print badges: A4 sheets of 10, with cut marks (PDF)"))
def print_badge_sheets(modeladmin, request, queryset):
    return print_badges(modeladmin, request, queryset, badges.SHEETS)


@admin.action(description=_("Print badges: one a page, for a badge printer (PDF)"))
def print_single_badges(modeladmin, request, queryset):
    return print_badges(modeladmin, request, queryset, badges.SINGLE)


admin_extensions.add_action(Registration, print_badge_sheets)
admin_extensions.add_action(Registration, print_single_badges)
