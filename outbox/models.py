"""Every email the site sends, so that a failed send is seen, retried and never lost."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from outbox import kinds


class EmailQuerySet(models.QuerySet):
    def of(self, person: models.Model):
        """Return the emails of one person (a registration, a speaker, an applicant)."""
        return self.of_people(type(person), [person.pk])

    def of_people(self, model: type[models.Model], ids):
        """Return the emails of these people of one model (`ids` may be a subquery)."""
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        return self.filter(person_type=content_type, person_id__in=ids)

    def of_edition(self, edition_id: int):
        return self.filter(edition_id=edition_id)

    def for_purpose(self, purpose: str):
        return self.filter(purpose=purpose)


class Email(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40, choices=kinds.choices)
    # Whose email it is: their data download lists it, erasing them erases it. Empty for a copy
    # an organiser sends themselves to check a message.
    person_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kind of recipient"),
    )
    person_id = models.PositiveBigIntegerField(_("recipient number"), null=True, blank=True)
    person = GenericForeignKey("person_type", "person_id")
    # The edition (events.Edition) the email belongs to, for organisers' lists and figures: a
    # number rather than a foreign key, so that the outbox stays below the programme.
    edition_id = models.PositiveBigIntegerField(
        _("edition number"), null=True, blank=True, db_index=True
    )
    # Set when the email goes elsewhere than the person's own address: a new address to confirm,
    # the old one told that it changed, an organiser's preview.
    to_address = models.EmailField(_("sent to"), blank=True)
    # Why this person gets it ("announcement:12", "reminder:2024-03-26"): one email per person
    # and purpose, held by the database. Empty for emails that may go more than once.
    purpose = models.CharField(_("purpose"), max_length=100, blank=True)
    # What the kind needs to write it beyond the person (a session, a meeting as it was).
    details = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at"]
        permissions = [("send_email_again", _("Can send an email again"))]
        constraints = [
            models.UniqueConstraint(
                fields=["person_type", "person_id", "purpose"],
                condition=~Q(purpose=""),
                name="one_email_per_person_and_purpose",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sending", "sent", "failed"]),
                name="email_status_is_known",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["person_type", "person_id"]),
            models.Index(fields=["purpose"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_label}"

    @property
    def recipient_label(self) -> str:
        if self.to_address:
            return self.to_address
        return str(self.person) if self.person_id else "–"

    @property
    def is_preview(self) -> bool:
        """Whether an organiser sent it to themselves to check a message."""
        return self.person_id is None and bool(self.details.get("preview"))
