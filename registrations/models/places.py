"""The days a registration attends, its places on limited sessions, its starred sessions."""

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from events.models import Edition, Session
from registrations.models.registrations import Registration, position_in_line


class AttendedDay(models.Model):
    """A day of the edition that a registration attends."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="attended_days",
        verbose_name=_("registration"),
    )
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("day attended")
        verbose_name_plural = _("days attended")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "day"], name="one_row_per_day_attended")
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return self.day.isoformat()


class SeatQuerySet(models.QuerySet):
    def waiting_in_order(self):
        return self.filter(status=Seat.Status.WAITING).order_by("waiting_since", "pk")

    def counts_by_session(self, edition: Edition) -> dict[int, dict[str, int]]:
        rows = (
            self.filter(session__edition=edition)
            .values("session_id")
            .annotate(
                confirmed=Count("pk", filter=Q(status=Seat.Status.CONFIRMED)),
                waiting=Count("pk", filter=Q(status=Seat.Status.WAITING)),
            )
        )
        return {row["session_id"]: row for row in rows}


class Seat(models.Model):
    """A registration's place in a capacity-limited session, such as the MIND visit."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="seats", verbose_name=_("registration")
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="seats", verbose_name=_("session")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)

    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("session place")
        verbose_name_plural = _("session places")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="one_seat_per_registration_and_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} – {self.get_status_display()}"

    def status_explanation(self) -> str:
        """Return what this place's status means for the person, after the status itself."""
        if self.status == self.Status.REQUESTED:
            if self.registration.status == Registration.Status.WAITING:
                return _(
                    "When you get a place at the event, you get this one too, or a place on "
                    "its waiting list if it is full."
                )
            return _("You get it once you have confirmed your registration.")
        if self.status == self.Status.WAITING:
            return _(
                "This session is full; you are number %(position)s on its waiting list and we "
                "will email you if a place becomes free."
            ) % {"position": self.waiting_position()}
        if self.status == self.Status.CONFIRMED:
            return _("Your place is reserved.")
        return ""  # "Cancelled" says it all

    def waiting_position(self) -> int | None:
        """Return 1 for the first person on the session's waiting list, and so on."""
        if self.status != self.Status.WAITING:
            return None
        waiting = Seat.objects.filter(session_id=self.session_id, status=self.status)
        return position_in_line(waiting, self)


class StarredSession(models.Model):
    """A session a participant put in their agenda (the star), for their personal calendar."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="starred",
        verbose_name=_("registration"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="+", verbose_name=_("session")
    )
    created_at = models.DateTimeField(_("starred"), auto_now_add=True)

    class Meta:
        verbose_name = _("session in my agenda")
        verbose_name_plural = _("sessions in my agenda")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="one_star_per_registration_and_session"
            )
        ]

    def __str__(self) -> str:
        return str(self.session)
