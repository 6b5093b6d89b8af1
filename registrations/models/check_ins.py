"""Who was let in at the door, per day and per limited session."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Session
from registrations.models.registrations import Registration


class CheckInQuerySet(models.QuerySet):
    def arrivals(self):
        """Return the arrivals at the door (check-ins onto a session are not arrivals)."""
        return self.filter(session__isnull=True)

    def at_the_door(self, day: dt.date):
        """Return the arrivals of one day."""
        return self.arrivals().filter(day=day)


class CheckIn(models.Model):
    """Someone let in at the door on a day of the edition, or onto a limited session.

    A person arrives once a day (the figure the event's report quotes) and boards a limited
    session (the MIND visit's bus) once; the database holds one row of each.
    """

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="check_ins",
        verbose_name=_("registration"),
    )
    day = models.DateField(_("day"))
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="check_ins",
        verbose_name=_("session"),
        help_text=_("Empty for an arrival at the door."),
    )
    checked_in_at = models.DateTimeField(_("checked in"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    # What the staff's phone called this tap: the same tap sent again after a lost answer finds
    # its own check-in instead of being told "already checked in".
    request_key = models.CharField(_("request key"), max_length=64, blank=True, editable=False)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_at"]
        permissions = [("check_in_attendees", _("Can check people in at the door"))]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day"],
                condition=Q(session__isnull=True),
                name="one_arrival_per_person_and_day",
            ),
            models.UniqueConstraint(
                fields=["registration", "session"],
                condition=Q(session__isnull=False),
                name="one_check_in_per_person_and_session",
            ),
        ]
        indexes = [models.Index(fields=["day", "session"])]

    def __str__(self) -> str:
        return f"{self.registration} – {self.session or self.day.isoformat()}"
