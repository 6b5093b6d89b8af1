"""The call: when it is open, its texts, categories, review criteria and pitching sessions."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.text import ONE_LINE, PLAIN_TEXT
from events.models import Edition, Session


class Call(models.Model):
    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="pitch_call", verbose_name=_("edition")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    intro = models.TextField(
        _("what the call is for"),
        validators=PLAIN_TEXT,
        help_text=_("Who may apply, what a pitch is, what the chosen ones get."),
    )
    audience_votes = models.BooleanField(
        _("the audience votes"),
        default=False,
        help_text=_("During the session, checked-in participants vote for their favourite pitch."),
    )
    confirm_days = models.PositiveSmallIntegerField(
        _("days to confirm"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "Accepted applicants confirm within this many days; then their place goes to the "
            "next reserve of the same category."
        ),
    )
    accepted_note = models.TextField(
        _("note to the accepted"),
        blank=True,
        validators=PLAIN_TEXT,
        help_text=_("Added to the acceptance email (what to prepare, how long a pitch is)."),
    )
    reserve_note = models.TextField(_("note to the reserves"), blank=True, validators=PLAIN_TEXT)
    declined_note = models.TextField(_("note to the declined"), blank=True, validators=PLAIN_TEXT)

    class Meta:
        verbose_name = _("call for pitches")
        verbose_name_plural = _("calls for pitches")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_it_opens"
            )
        ]

    def __str__(self) -> str:
        return str(self.edition)

    def get_absolute_url(self) -> str:
        return reverse("pitches:call", kwargs={"edition_slug": self.edition.slug})

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call must close after it opens.")})

    @property
    def local_opens_at(self) -> dt.datetime:
        return self.opens_at.astimezone(self.edition.tz)

    @property
    def local_closes_at(self) -> dt.datetime:
        return self.closes_at.astimezone(self.edition.tz)

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def voting_session(self, now: dt.datetime | None = None) -> Session | None:
        """Return the pitching session under way (or just ended) when the audience votes."""
        if not self.audience_votes:
            return None
        now = now or timezone.now()
        for slot in self.slots.select_related("session"):
            session = slot.session
            if session.starts_at <= now < session.ends_at + VOTE_GRACE:
                return session
        return None


VOTE_GRACE = dt.timedelta(minutes=15)  # votes still count this long after the session ends


class Category(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="categories", verbose_name=_("call")
    )
    name = models.CharField(_("name"), max_length=100, validators=ONE_LINE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call")
    )
    name = models.CharField(_("name"), max_length=100, validators=ONE_LINE)
    description = models.CharField(_("what to look for"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=10), name="criterion_weight_1_to_10"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Slot(models.Model):
    """A pitching session the call fills, and how many pitches it holds."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="slots", verbose_name=_("call")
    )
    session = models.OneToOneField(
        Session,
        on_delete=models.CASCADE,
        related_name="pitch_slot",
        verbose_name=_("pitching session"),
        limit_choices_to={"session_type": Session.Type.PITCHING},
    )
    places = models.PositiveSmallIntegerField(
        _("pitches"), default=8, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("pitching session")
        verbose_name_plural = _("pitching sessions")
        ordering = ["session__starts_at"]

    def __str__(self) -> str:
        return str(self.session)

    def clean(self) -> None:
        if self.session_id and self.call_id and self.session.edition_id != self.call.edition_id:
            raise ValidationError({"session": _("Choose a session of this edition.")})
