"""What applicants send, and where each application stands."""

import datetime as dt

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from common import images
from common.text import ONE_LINE, PLAIN_TEXT
from events.models import Session, SessionSpeaker
from events.models.materials import Material, validate_pdf
from events.models.sessions import random_token
from pitches.models.calls import Call, Category

TITLE_LIMIT = 120
SUMMARY_LIMIT = 1500
SEEKING_LIMIT = 500


def deck_upload_name(instance, filename: str) -> str:
    return images.random_upload_name(instance, "deck.pdf")


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        """Applications reviewers see: confirmed addresses, not withdrawn."""
        return self.exclude(status__in=[Application.Status.PENDING, Application.Status.WITHDRAWN])

    def for_review(self):
        return self.submitted().select_related("category").prefetch_related("reviews__scores")


class Application(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Address not confirmed")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted, to be confirmed")
        CONFIRMED = "confirmed", _("Accepted and confirmed")
        RESERVE = "reserve", _("Reserve")
        DECLINED = "declined", _("Declined")
        LAPSED = "lapsed", _("Not confirmed in time")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accept")
        RESERVE = "reserve", _("Reserve")
        DECLINED = "declined", _("Decline")

    # Personal data: in the applicant's data download, erased with them and with the edition's
    # retention (personal_data.py).
    PERSONAL_FIELDS = ("contact_name", "email", "phone")

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="applications", verbose_name=_("call")
    )
    token = models.CharField(max_length=64, unique=True, default=random_token, editable=False)
    language = models.CharField(_("language"), max_length=10, default="en", editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="applications", verbose_name=_("category")
    )
    organisation = models.CharField(_("organisation"), max_length=200, validators=ONE_LINE)
    # The blank choice's wording of our selects, set here (see registrations.forms).
    country = CountryField(_("country"), blank_label=_("Choose…"))
    contact_name = models.CharField(_("contact person"), max_length=200, validators=ONE_LINE)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=ONE_LINE)
    title = models.CharField(_("pitch title"), max_length=TITLE_LIMIT, validators=ONE_LINE)
    summary = models.TextField(
        _("summary"), validators=[*PLAIN_TEXT, MaxLengthValidator(SUMMARY_LIMIT)]
    )
    seeking = models.TextField(
        _("what you seek from the audience"),
        validators=[*PLAIN_TEXT, MaxLengthValidator(SEEKING_LIMIT)],
    )
    website = models.URLField(_("website"), blank=True)
    deck = models.FileField(
        _("pitch deck (PDF)"), upload_to=deck_upload_name, blank=True, validators=[validate_pdf]
    )
    publish_deck = models.BooleanField(
        _("publish my deck after the event"),
        default=False,
        help_text=_("If chosen, your deck becomes one of the session's materials after the event."),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pitching session"),
    )
    # Where the confirmed pitch stands on the programme (events), kept to move or remove it.
    appearance = models.OneToOneField(
        SessionSpeaker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deck_material = models.OneToOneField(
        Material, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    decided_at = models.DateTimeField(_("decision sent"), null=True, blank=True)
    confirm_by = models.DateTimeField(_("to confirm by"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    promoted_at = models.DateTimeField(
        _("accepted from the reserves"), null=True, blank=True, editable=False
    )
    personal_data_purged_at = models.DateTimeField(
        _("personal data erased"), null=True, blank=True, editable=False
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["created_at", "pk"]
        permissions = [
            ("review_application", _("Can review applications")),
            ("decide_application", _("Can decide on applications")),
        ]
        constraints = [
            models.UniqueConstraint(
                "call",
                Lower("email"),
                condition=~Q(email=""),
                name="one_application_per_address_and_call",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending",
                        "submitted",
                        "accepted",
                        "confirmed",
                        "reserve",
                        "declined",
                        "lapsed",
                        "withdrawn",
                    ]
                ),
                name="application_status_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.title}"

    def manage_url(self) -> str:
        return reverse(
            "pitches:application",
            kwargs={"edition_slug": self.call.edition.slug, "token": self.token},
        )

    def may_change(self, now: dt.datetime | None = None) -> bool:
        """Applicants correct their application until the call closes."""
        return self.status in (self.Status.PENDING, self.Status.SUBMITTED) and not (
            self.call.has_closed(now)
        )

    def may_withdraw(self) -> bool:
        return self.status not in (self.Status.WITHDRAWN, self.Status.DECLINED, self.Status.LAPSED)

    @property
    def local_confirm_by(self) -> dt.datetime | None:
        return self.confirm_by.astimezone(self.call.edition.tz) if self.confirm_by else None

    def awaits_confirmation(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.ACCEPTED and bool(self.confirm_by) and now < self.confirm_by
        )
