"""Badges to print for a selection of registrations, as actions on the registrations' list."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from common import admin_extensions
from door import badges
from door import downloads as door_downloads
from downloads.services import request_download
from registrations.models import Registration


def print_badges(modeladmin, request, queryset, layout: str):
    people = list(
        queryset.filter(status=Registration.Status.CONFIRMED).values_list("pk", flat=True)
    )
    if not people:
        modeladmin.message_user(
            request, _("Badges are printed for confirmed registrations only."), messages.WARNING
        )
        return None
    # In the language the organiser reads the admin in: one language per print. Made by the
    # worker: the page that follows shows how far it got.
    download = request_download(
        kind=door_downloads.Badges.name,
        user=request.user,
        title=gettext("Badges of %(count)d people") % {"count": len(people)},
        arguments={
            "registrations": people,
            "name": "selection",
            "layout": layout,
            "language": get_language(),
        },
    )
    return redirect(download)


@admin.action(description=_("Print badges: A4 sheets of 10, with cut marks (PDF)"))
def print_badge_sheets(modeladmin, request, queryset):
    return print_badges(modeladmin, request, queryset, badges.SHEETS)


@admin.action(description=_("Print badges: one a page, for a badge printer (PDF)"))
def print_single_badges(modeladmin, request, queryset):
    return print_badges(modeladmin, request, queryset, badges.SINGLE)


admin_extensions.add_action(Registration, print_badge_sheets)
admin_extensions.add_action(Registration, print_single_badges)
