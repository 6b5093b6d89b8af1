"""When the evaluation's parts show on earlier apps' pages (common/page_parts.py); what a
test counted is left in the context for the part to show, rather than counted twice."""

from django.template import Context
from django.utils import timezone

from meetings.models import Meeting
from outcomes.facts import facts_for
from outcomes.meeting_views import past_meetings


def edition_has_figures(context: Context) -> bool:
    """A finished edition whose arrivals were recorded shows its figures from the data."""
    edition = context.get("edition")
    if edition is None or edition.end_date >= timezone.localdate():
        return False
    [facts] = facts_for([edition])
    context["edition_facts"] = facts
    return facts.has_data


def person_came_or_met(context: Context) -> bool:
    registration = context.get("registration")
    if registration is None or registration.pk is None:
        return False
    context["came_to_the_door"] = registration.check_ins.arrivals().exists()
    return (
        context["came_to_the_door"] or Meeting.objects.involving(registration).confirmed().exists()
    )


def asks_about_meetings(context: Context) -> bool:
    """Once a meeting of the person's is over, Today and My meetings ask how it went."""
    registration = context.get("registration")
    if registration is None:
        return False
    past = past_meetings(registration, timezone.now())
    context["meetings_to_rate"] = sum(
        1 for item in past if not (item.view and item.view.assessment)
    )
    return bool(past)
