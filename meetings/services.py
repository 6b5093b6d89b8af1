"""What participants and organisers do with meetings, each in one function.

Functions that change a meeting lock its row first. The two rules of the slot grid (a person in
one meeting per slot, a table with one meeting per slot) are left to the database's unique
constraints: accepting tries the free tables one by one in savepoints, so that two accepts at
the same moment end with one meeting per table and a clear refusal for the rest.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import emails
from meetings.models import BusySlot, Matchmaking, Meeting, MeetingBlock, Slot
from meetings.slots import free_slots_for_pair, matchmaking_of
from networking.models import Profile
from registrations.models import Registration

Status = Meeting.Status


class MeetingRefused(Exception):
    """What the person is told when a request or an answer cannot be carried out."""

    def __init__(self, message: str, *, offer_other_slots: bool = False):
        super().__init__(message)
        self.offer_other_slots = offer_other_slots


def open_to_meetings(registration: Registration, edition_id: int) -> bool:
    return (
        Profile.objects.in_directory(registration.edition)
        .filter(registration=registration, open_to_meetings=True)
        .exists()
        if registration.edition_id == edition_id
        else False
    )


def check_booking_open(matchmaking: Matchmaking | None, now: dt.datetime) -> Matchmaking:
    if matchmaking is None or not matchmaking.blocks.all():
        raise MeetingRefused(_("This edition has no one-to-one meetings."))
    if now < matchmaking.booking_opens_at:
        raise MeetingRefused(_("Meeting requests are not open yet."))
    if now >= matchmaking.booking_closes_at:
        raise MeetingRefused(_("Meeting requests are closed."))
    return matchmaking


def lock_meeting(meeting_id: int) -> Meeting:
    """Lock the meeting's row, then read it with its related rows.

    Read in two steps: a locking query that waited for another request returns the meeting's
    new values but the related rows it joined as they were before (a table already given).
    """
    Meeting.objects.select_for_update().filter(pk=meeting_id).values_list("pk").get()
    return Meeting.objects.select_related(
        "block__matchmaking__edition", "requester", "invitee", "table"
    ).get(pk=meeting_id)


def request_meeting(
    *,
    requester: Registration,
    invitee: Registration,
    slot: Slot,
    message: str,
    now: dt.datetime | None = None,
) -> Meeting:
    """Ask `invitee` for a meeting in `slot`, which must be free for both; email them."""
    now = now or timezone.now()
    edition = requester.edition
    matchmaking = check_booking_open(matchmaking_of(edition.pk), now)
    if invitee.pk == requester.pk:
        raise MeetingRefused(_("You cannot request a meeting with yourself."))
    if not open_to_meetings(requester, edition.pk):
        raise MeetingRefused(
            _("Tick “I am open to one-to-one meetings” in your profile, and list it, first.")
        )
    if not open_to_meetings(invitee, edition.pk):
        raise MeetingRefused(_("This participant does not take meeting requests."))
    with transaction.atomic():
        # One request at a time per person, so the cap on unanswered requests holds.
        Registration.objects.select_for_update().get(pk=requester.pk)
        pending = Meeting.objects.awaiting_answer().filter(requester=requester).count()
        if pending >= matchmaking.max_pending_requests:
            raise MeetingRefused(
                _(
                    "You have %(count)s unanswered requests, the most allowed at once. Wait "
                    "for answers or withdraw one."
                )
                % {"count": pending}
            )
        if (
            Meeting.objects.awaiting_answer()
            .filter(
                Q(requester=requester, invitee=invitee) | Q(requester=invitee, invitee=requester)
            )
            .exists()
        ):
            raise MeetingRefused(_("A request between you two is already waiting for an answer."))
        if slot.key not in {
            free.key for free in free_slots_for_pair(matchmaking, requester, invitee, now=now)
        }:
            raise MeetingRefused(
                _("That time is no longer free for both of you; choose another."),
                offer_other_slots=True,
            )
        meeting = Meeting.objects.create(
            requester=requester,
            invitee=invitee,
            message=message.strip(),
            block=slot.block,
            slot=slot.number,
        )
        emails.tell(invitee, emails.REQUESTED, meeting)
    return meeting


@transaction.atomic
def accept(*, meeting_id: int, by: Registration, now: dt.datetime | None = None) -> Meeting:
    """Confirm the meeting at its slot and give it a free table, or say why that cannot be."""
    now = now or timezone.now()
    meeting = lock_meeting(meeting_id)
    if meeting.awaits_answer_from() != by.pk:
        raise MeetingRefused(_("This request is not waiting for your answer."))
    check_booking_open(matchmaking_of(meeting.block.matchmaking.edition_id), now)
    slot = meeting.slot_times
    if slot is None or slot.starts_at <= now:
        raise MeetingRefused(_("That time has passed; propose another."), offer_other_slots=True)
    for person in (meeting.requester, meeting.invitee):
        if person.status != Registration.Status.CONFIRMED:
            raise MeetingRefused(_("%(name)s no longer attends.") % {"name": person.full_name})
    try:
        with transaction.atomic():
            BusySlot.objects.bulk_create(
                BusySlot(
                    registration=person, block=meeting.block, slot=meeting.slot, meeting=meeting
                )
                for person in (meeting.requester, meeting.invitee)
            )
    except IntegrityError:
        raise MeetingRefused(
            _(
                "One of you already has a meeting at that time, or marked it unavailable; "
                "propose another time."
            ),
            offer_other_slots=True,
        ) from None
    taken = set(
        Meeting.objects.confirmed()
        .filter(block=meeting.block, slot=meeting.slot)
        .values_list("table_id", flat=True)
    )
    for table in meeting.block.matchmaking.tables.all():
        if table.pk in taken:
            continue
        try:
            with transaction.atomic():
                Meeting.objects.filter(pk=meeting.pk).update(
                    status=Status.CONFIRMED,
                    table=table,
                    sequence=F("sequence") + 1,
                    updated_at=now,
                )
        except IntegrityError:
            continue  # taken a moment ago by another accept: try the next table
        meeting.refresh_from_db()
        for person in (meeting.requester, meeting.invitee):
            emails.tell(person, emails.ACCEPTED, meeting)
        return meeting
    # Without a table the meeting cannot happen; free the people's slot again.
    BusySlot.objects.filter(meeting=meeting).delete()
    raise MeetingRefused(
        _("The last table at that time has just been taken; propose another time."),
        offer_other_slots=True,
    )


@transaction.atomic
def decline(*, meeting_id: int, by: Registration, reason: str = "") -> Meeting:
    meeting = lock_meeting(meeting_id)
    if meeting.awaits_answer_from() != by.pk:
        raise MeetingRefused(_("This request is not waiting for your answer."))
    meeting.status = Status.DECLINED
    meeting.decline_reason = reason.strip()
    meeting.save(update_fields=["status", "decline_reason", "updated_at"])
    emails.tell(meeting.other(by), emails.DECLINED, meeting)
    return meeting


@transaction.atomic
def propose(
    *, meeting_id: int, by: Registration, slot: Slot, now: dt.datetime | None = None
) -> Meeting:
    """Answer a request with another slot free for both; the other side then answers."""
    now = now or timezone.now()
    meeting = lock_meeting(meeting_id)
    if meeting.awaits_answer_from() != by.pk:
        raise MeetingRefused(_("This request is not waiting for your answer."))
    matchmaking = check_booking_open(matchmaking_of(meeting.block.matchmaking.edition_id), now)
    free = free_slots_for_pair(matchmaking, meeting.requester, meeting.invitee, now=now)
    if slot.key not in {candidate.key for candidate in free}:
        raise MeetingRefused(
            _("That time is no longer free for both of you; choose another."),
            offer_other_slots=True,
        )
    meeting.block, meeting.slot = slot.block, slot.number
    # Whoever did not propose answers next.
    meeting.status = Status.PROPOSED if by.pk == meeting.invitee_id else Status.REQUESTED
    meeting.save(update_fields=["block", "slot", "status", "updated_at"])
    emails.tell(meeting.other(by), emails.PROPOSED, meeting)
    return meeting


@transaction.atomic
def cancel(*, meeting_id: int, by: Registration, now: dt.datetime | None = None) -> Meeting:
    """Cancel a confirmed meeting before it starts, or withdraw a request; tell the other side."""
    now = now or timezone.now()
    meeting = lock_meeting(meeting_id)
    if by.pk not in (meeting.requester_id, meeting.invitee_id):
        raise MeetingRefused(_("This is not your meeting."))
    if meeting.status == Status.CONFIRMED:
        slot = meeting.slot_times
        if slot is not None and slot.starts_at <= now:
            raise MeetingRefused(_("This meeting has started; it can no longer be cancelled."))
    elif meeting.status not in (Status.REQUESTED, Status.PROPOSED):
        raise MeetingRefused(_("This meeting is not planned any more."))
    end_meeting(meeting, cancelled_by=by)
    return meeting


def end_meeting(meeting: Meeting, *, cancelled_by: Registration) -> None:
    """Cancel a locked meeting, free both people's slot and tell the other side."""
    was_confirmed = meeting.status == Status.CONFIRMED
    BusySlot.objects.filter(meeting=meeting).delete()
    meeting.status = Status.CANCELLED
    meeting.cancelled_by = cancelled_by
    if was_confirmed:
        meeting.sequence += 1
    meeting.save(update_fields=["status", "cancelled_by", "sequence", "updated_at"])
    emails.tell(meeting.other(cancelled_by), emails.CANCELLED, meeting)


@transaction.atomic
def withdraw_from_meetings(registration: Registration) -> int:
    """End every planned meeting and request of a person who leaves (cancels, erases, opts
    out): the other side is told and the slots are free again. Return how many."""
    meetings = list(
        Meeting.objects.involving(registration)
        .filter(status__in=[Status.REQUESTED, Status.PROPOSED, Status.CONFIRMED])
        .select_for_update(of=("self",))
        .select_related("block__matchmaking__edition", "requester", "invitee", "table")
    )
    for meeting in meetings:
        end_meeting(meeting, cancelled_by=registration)
    BusySlot.objects.filter(registration=registration, meeting__isnull=True).delete()
    return len(meetings)


@transaction.atomic
def record_outcome(
    *, meeting_id: int, by: Registration, outcome: str, now: dt.datetime | None = None
) -> Meeting:
    """Either side marks a meeting held, or the other side a no-show, once it has started."""
    now = now or timezone.now()
    meeting = lock_meeting(meeting_id)
    if by.pk not in (meeting.requester_id, meeting.invitee_id):
        raise MeetingRefused(_("This is not your meeting."))
    slot = meeting.slot_times
    if meeting.status != Status.CONFIRMED or slot is None or slot.starts_at > now:
        raise MeetingRefused(_("You can say how a meeting went once it has started."))
    meeting.outcome = outcome
    meeting.no_show = meeting.other(by) if outcome == Meeting.Outcome.NO_SHOW else None
    meeting.save(update_fields=["outcome", "no_show", "updated_at"])
    return meeting


@transaction.atomic
def set_unavailable(
    *, registration: Registration, matchmaking: Matchmaking, slot_keys: set[str]
) -> None:
    """Make exactly these slots the person's unavailable ones; meetings are never touched."""
    slots = {
        slot.key: slot for block in matchmaking.blocks.all() for slot in block.slots(matchmaking)
    }
    taken = BusySlot.objects.filter(registration=registration, block__matchmaking=matchmaking)
    unmark = [
        busy.pk
        for busy in taken.filter(meeting__isnull=True)
        if f"{busy.block_id}-{busy.slot}" not in slot_keys
    ]
    BusySlot.objects.filter(pk__in=unmark).delete()
    BusySlot.objects.bulk_create(
        (
            BusySlot(registration=registration, block=slots[key].block, slot=slots[key].number)
            for key in slot_keys
            if key in slots
        ),
        ignore_conflicts=True,  # already marked, or a meeting took it meanwhile
    )


def expire_requests(matchmaking_id: int, now: dt.datetime | None = None) -> int:
    """Mark the requests nobody answered before requests closed as expired."""
    now = now or timezone.now()
    return (
        Meeting.objects.awaiting_answer()
        .filter(
            block__matchmaking_id=matchmaking_id, block__matchmaking__booking_closes_at__lte=now
        )
        .update(status=Status.EXPIRED, updated_at=now)
    )


def calendars_changed(blocks) -> int:
    """Raise the calendar version of the meetings in these blocks: their times moved."""
    return (
        Meeting.objects.filter(block__in=blocks)
        .exclude(table__isnull=True)
        .update(sequence=F("sequence") + 1, updated_at=timezone.now())
    )


def block_of(matchmaking: Matchmaking, block_id: int) -> MeetingBlock | None:
    return next((block for block in matchmaking.blocks.all() if block.pk == block_id), None)
