"""One-to-one meetings between participants, in slots of meeting blocks, at numbered tables.

An edition's matchmaking has blocks (a day, a start and an end in the edition's local time),
cut into slots of `slot_minutes` with an optional pause between them. A slot is named by its
block and its number, never by a stored instant: moving a block, changing the slot length or
the edition's time zone moves every meeting in it.

Two rules hold in the database itself, whatever the code above does: a person is in at most one
meeting per slot (a `BusySlot` row per person and slot, also used for slots they marked
unavailable), and a table holds at most one confirmed meeting per slot.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.text import ONE_LINE, PLAIN_TEXT
from common.versions import EditionVersion
from events.models import Edition, Place
from registrations.models import Registration

MESSAGE_LIMIT = 300


class Matchmaking(models.Model):
    """How an edition's B2B meetings are organised."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="matchmaking", verbose_name=_("edition")
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        default=20,
        validators=[MinValueValidator(15), MaxValueValidator(45)],
    )
    pause_minutes = models.PositiveSmallIntegerField(
        _("pause between slots (minutes)"), default=0, validators=[MaxValueValidator(30)]
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("room"),
        help_text=_("Where the tables stand, in the edition's venue."),
    )
    booking_opens_at = models.DateTimeField(_("requests open"))
    booking_closes_at = models.DateTimeField(
        _("requests close"),
        help_text=_("Requests nobody answered by then expire."),
    )
    max_pending_requests = models.PositiveSmallIntegerField(
        _("unanswered requests a participant may have at once"),
        default=10,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = _("B2B matchmaking")
        verbose_name_plural = _("B2B matchmaking")

    def __str__(self) -> str:
        return str(self.edition)

    def clean(self) -> None:
        if (
            self.booking_opens_at
            and self.booking_closes_at
            and self.booking_closes_at <= self.booking_opens_at
        ):
            raise ValidationError({"booking_closes_at": _("Requests must close after they open.")})

    @property
    def step(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.slot_minutes + self.pause_minutes)

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.booking_opens_at <= now < self.booking_closes_at


@dataclass(frozen=True)
class Slot:
    """One slot of a block: what the forms, pages, calendars and emails show."""

    block: "MeetingBlock"
    number: int
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def key(self) -> str:
        return f"{self.block.pk}-{self.number}"

    @property
    def day(self) -> dt.date:
        return self.starts_at.date()


class MeetingBlock(models.Model):
    """A stretch of time reserved for meetings on one day, in the edition's time zone."""

    matchmaking = models.ForeignKey(
        Matchmaking, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("matchmaking")
    )
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))

    class Meta:
        verbose_name = _("meeting block")
        verbose_name_plural = _("meeting blocks")
        ordering = ["day", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_block_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A block must end after it starts.")})
        edition = self.matchmaking.edition if self.matchmaking_id else None
        if edition and self.day and not edition.start_date <= self.day <= edition.end_date:
            raise ValidationError({"day": _("Choose a day of the edition.")})

    def slots(self, matchmaking: Matchmaking | None = None) -> list[Slot]:
        """Return the block's slots; a slot that would run past the block's end is left out."""
        matchmaking = matchmaking or self.matchmaking
        tz = matchmaking.edition.tz
        start = dt.datetime.combine(self.day, self.starts_at, tzinfo=tz)
        end = dt.datetime.combine(self.day, self.ends_at, tzinfo=tz)
        length = dt.timedelta(minutes=matchmaking.slot_minutes)
        slots, number = [], 0
        while start + length <= end:
            slots.append(Slot(self, number, start, start + length))
            start += matchmaking.step
            number += 1
        return slots

    def slot(self, number: int) -> Slot | None:
        slots = self.slots()
        return slots[number] if 0 <= number < len(slots) else None


class MeetingTable(models.Model):
    matchmaking = models.ForeignKey(
        Matchmaking, on_delete=models.CASCADE, related_name="tables", verbose_name=_("matchmaking")
    )
    name = models.CharField(_("name or number"), max_length=40, validators=ONE_LINE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["matchmaking", "name"], name="one_table_per_name")
        ]

    def __str__(self) -> str:
        return self.name


MEETING_ORDER = ("block__day", "block__starts_at", "slot", "pk")


class MeetingQuerySet(models.QuerySet):
    def of_edition(self, edition: Edition):
        return self.filter(block__matchmaking__edition=edition)

    def involving(self, registration: Registration):
        return self.filter(Q(requester=registration) | Q(invitee=registration))

    def awaiting_answer(self):
        return self.filter(status__in=[Meeting.Status.REQUESTED, Meeting.Status.PROPOSED])

    def confirmed(self):
        return self.filter(status=Meeting.Status.CONFIRMED)

    def with_everything(self):
        return self.select_related(
            "block__matchmaking__edition", "table", "requester", "invitee"
        ).order_by(*MEETING_ORDER)


class Meeting(models.Model):
    """A request for a one-to-one meeting, and the meeting once both agree.

    requested (the invitee answers) -> confirmed | declined | proposed | expired | cancelled;
    proposed (another slot; the requester answers) -> confirmed | declined | expired | cancelled;
    confirmed -> cancelled (until it starts); a confirmed meeting's outcome is held or no-show.
    """

    # "meeting": Italian agrees the words with "incontro" (confermato), not "iscrizione".
    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("meeting", "Requested")
        PROPOSED = "proposed", pgettext_lazy("meeting", "Another time proposed")
        CONFIRMED = "confirmed", pgettext_lazy("meeting", "Confirmed")
        DECLINED = "declined", pgettext_lazy("meeting", "Declined")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")
        EXPIRED = "expired", pgettext_lazy("meeting", "Expired (not answered)")

    class Outcome(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        HELD = "held", _("Held")
        NO_SHOW = "no_show", _("No-show")

    requester = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="meetings_requested",
        verbose_name=_("requested by"),
    )
    invitee = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="meetings_invited",
        verbose_name=_("invitee"),
    )
    message = models.CharField(
        _("message"),
        max_length=MESSAGE_LIMIT,
        validators=[MaxLengthValidator(MESSAGE_LIMIT), *ONE_LINE],
        help_text=_("One line: why you would like to meet."),
    )
    block = models.ForeignKey(
        MeetingBlock, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("block")
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    table = models.ForeignKey(
        MeetingTable,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("table"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    no_show = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who did not come"),
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=MESSAGE_LIMIT, blank=True, validators=PLAIN_TEXT
    )
    cancelled_by = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    # Rises with every change a calendar must pick up (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(_("calendar version"), default=0)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["block__day", "block__starts_at", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "block", "slot"],
                condition=Q(status="confirmed"),
                name="one_meeting_per_table_and_slot",
            ),
            models.CheckConstraint(
                condition=~Q(requester=models.F("invitee")), name="meeting_has_two_people"
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(table__isnull=False),
                name="confirmed_meeting_has_a_table",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} – {self.invitee} ({self.get_status_display()})"

    @property
    def slot_times(self) -> Slot | None:
        return self.block.slot(self.slot)

    def other(self, registration: Registration) -> Registration:
        return self.invitee if registration.pk == self.requester_id else self.requester

    def awaits_answer_from(self) -> int | None:
        """Return the registration id of whoever must answer now, if anyone."""
        if self.status == self.Status.REQUESTED:
            return self.invitee_id
        if self.status == self.Status.PROPOSED:
            return self.requester_id
        return None


class BusySlot(models.Model):
    """A person taken in one slot: by a confirmed meeting, or because they said so."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("registration")
    )
    block = models.ForeignKey(
        MeetingBlock, on_delete=models.CASCADE, related_name="+", verbose_name=_("block")
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="busy_slots",
        verbose_name=_("meeting"),
        help_text=_("Empty when the person marked the slot unavailable."),
    )

    class Meta:
        verbose_name = _("busy slot")
        verbose_name_plural = _("busy slots")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "block", "slot"], name="one_meeting_per_person_and_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.block} #{self.slot}"


class MeetingsVersion(EditionVersion):
    """How often anything an edition's meeting pages show has changed.

    Raised by PostgreSQL triggers (migration 0003) on every write to the matchmaking, its
    blocks, tables and room, meetings, busy slots, the names of people with meetings, and what
    decides when someone is free (days attended, seats, sessions in their agenda, sessions'
    times); `meetings.kept` reuses what a page computed until it moves.
    """


def has_matchmaking(edition: Edition) -> bool:
    return Matchmaking.objects.filter(edition=edition).exists()
