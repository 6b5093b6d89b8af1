"""The overview page of an edition, in the admin's look, for the organisers."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from common import roles
from events.models import Edition
from overview import charts, figures
from overview.todo import todo


def overview(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Every figure of the edition, each linking to the list behind it, and what is left to do."""
    if not roles.may_see_overview(request.user):
        raise roles.NeedsPermission(roles.OVERVIEW_PERMISSION)
    edition = get_object_or_404(Edition.objects.select_related("series", "venue"), pk=edition_id)
    with timezone.override(edition.tz):
        today = timezone.localdate()
        statuses = figures.by_status(edition)
        over_time = figures.over_time(edition)
        countries = figures.by_country(edition)
        categories = figures.by_category(edition)
        meetings = figures.meetings(edition)
        emails = figures.emails(edition)
        context = admin.site.each_context(request) | {
            "title": _("Overview of %(edition)s") % {"edition": edition.title},
            "edition": edition,
            "todo": todo(edition),
            "statuses": statuses,
            "statuses_chart": charts.bars(_("Registrations by status"), statuses),
            "over_time": over_time,
            "over_time_chart": charts.columns(_("Registrations made each day"), over_time),
            "countries": countries,
            "countries_chart": charts.bars(_("Confirmed participants by country"), countries),
            "categories": categories,
            "categories_chart": charts.bars(
                _("Confirmed participants by stakeholder type"), categories
            ),
            "days": figures.at_the_door(edition, today),
            "limited_sessions": figures.limited_sessions(edition),
            "meetings": meetings,
            "meetings_chart": charts.bars(_("One-to-one meetings"), meetings),
            "emails": emails,
        }
    return TemplateResponse(request, "overview/edition.html", context)
