"""What registrations add to the programme's admin pages (through common.admin_extensions)."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common import admin_extensions
from events.models import Edition, Session
from registrations.models import CheckIn, Registration, Seat


@admin.display(description=_("registrations"))
def registration_overview(edition: Edition) -> str:
    if edition.pk is None:
        return "–"
    totals = edition.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        pending=Count("pk", filter=Q(status=Registration.Status.PENDING)),
    )
    capacity = edition.capacity if edition.capacity is not None else _("no limit")
    # Who actually came (checked in at the door on any day): the figure reports quote.
    came = (
        CheckIn.objects.filter(registration__edition=edition, session__isnull=True)
        .values("registration")
        .distinct()
        .count()
    )
    rows = [
        (
            _("Whole edition"),
            totals["confirmed"],
            capacity,
            totals["waiting"],
            totals["pending"],
            came,
        )
    ]
    counts = Seat.objects.counts_by_session(edition)
    boarded = dict(
        CheckIn.objects.filter(session__edition=edition)
        .values("session")
        .annotate(count=Count("pk"))
        .values_list("session", "count")
    )
    for session in edition.sessions.filter(capacity__isnull=False):
        row = counts.get(session.pk, {"confirmed": 0, "waiting": 0})
        rows.append(
            (
                session.title,
                row["confirmed"],
                session.capacity,
                row["waiting"],
                "–",
                boarded.get(session.pk, 0),
            )
        )
    header = format_html_join(
        "",
        "<th>{}</th>",
        [
            (_("what"),),
            (_("confirmed"),),
            (_("of"),),
            (_("waiting"),),
            (_("unconfirmed"),),
            (_("checked in at the door"),),
        ],
    )
    body = format_html_join(
        "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", header, body)


def attendees_told_before(session: Session) -> str | None:
    if count := Registration.objects.whose_calendar_holds(session).count():
        return (
            ngettext(
                "Changing the time, place or title emails %d attendee the update.",
                "Changing the time, place or title emails %d attendees the update.",
                count,
            )
            % count
        )
    return None


def attendees_told_after(session: Session) -> str:
    count = Registration.objects.whose_calendar_holds(session).count()
    return (
        ngettext(
            "%d attendee is being emailed the change.",
            "%d attendees are being emailed the change.",
            count,
        )
        % count
    )


admin_extensions.add_panel(Edition, _("Registrations so far"), registration_overview)
admin_extensions.add_change_note(Session, before=attendees_told_before, after=attendees_told_after)
