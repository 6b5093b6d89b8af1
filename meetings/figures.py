"""The organisers' figures and slot grid, each in a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from meetings.models import Meeting, MeetingBlock, MeetingTable, Slot

Status, Outcome = Meeting.Status, Meeting.Outcome


def figures(meetings: QuerySet) -> dict[str, int]:
    """Requests made and what became of them; accepted is not held (organisers report held)."""
    return meetings.aggregate(
        requested=Count("pk"),
        waiting=Count("pk", filter=Q(status__in=[Status.REQUESTED, Status.PROPOSED])),
        accepted=Count("pk", filter=Q(status=Status.CONFIRMED)),
        declined=Count("pk", filter=Q(status=Status.DECLINED)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
        expired=Count("pk", filter=Q(status=Status.EXPIRED)),
        held=Count("pk", filter=Q(status=Status.CONFIRMED, outcome=Outcome.HELD)),
        no_show=Count("pk", filter=Q(status=Status.CONFIRMED, outcome=Outcome.NO_SHOW)),
    )


@dataclass(frozen=True)
class GridRow:
    slot: Slot
    cells: list[Meeting | None]  # one per table, in the tables' order


def grid(block: MeetingBlock) -> tuple[list[MeetingTable], list[GridRow]]:
    """Return the block's tables and, per slot, the meeting at each table."""
    matchmaking = block.matchmaking
    tables = list(matchmaking.tables.all())
    confirmed = {
        (meeting.slot, meeting.table_id): meeting
        for meeting in Meeting.objects.confirmed()
        .filter(block=block)
        .select_related("requester", "invitee")
    }
    rows = [
        GridRow(slot, [confirmed.get((slot.number, table.pk)) for table in tables])
        for slot in block.slots(matchmaking)
    ]
    return tables, rows
