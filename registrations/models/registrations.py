"""A person's registration for an edition: the state machine, the personal fields, the links."""

import datetime as dt
import hashlib
import secrets
import unicodedata

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models import Edition, Session

NEW_ADDRESS_SALT = "registrations.new-address"


def new_token() -> str:
    """Return a random, opaque link token (192 bits): it says nothing about whose it is."""
    return secrets.token_urlsafe(24)


class Category(models.TextChoices):
    CLUSTER = "cluster", _("Cluster organisation")
    REGIONAL_AUTHORITY = "regional_authority", _("Regional or local authority")
    NATIONAL_AUTHORITY = "national_authority", _("National authority or ministry")
    EU_INSTITUTION = "eu_institution", _("EU institution")
    COMPANY = "company", _("Company")
    START_UP = "start_up", _("Start-up")
    RESEARCH = "research", _("University or research")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary or another gender")
    UNSAID = "unsaid", _("Prefer not to say")


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def for_email(self, edition: Edition, email: str):
        """Return those of the edition with this address, in any case. Written as the unique
        index on lower(email) is (and with its condition on a non-empty address), so that
        PostgreSQL finds them through it instead of reading every registration of the edition."""
        return self.filter(
            Exact(Lower("email"), Lower(Value(email.strip()))), ~Q(email=""), edition=edition
        )

    def waiting_in_order(self):
        return self.filter(status=Registration.Status.WAITING).order_by("waiting_since", "pk")

    def matching(self, text: str):
        """Return those whose name or organisation holds every word of `text`."""
        found = self
        for word in text.split()[:5]:
            found = found.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(organisation__icontains=word)
            )
        return found

    def came(self):
        """Return those let in at the door on at least one day."""
        check_in = self.model._meta.get_field("check_ins").related_model
        return self.filter(Exists(check_in.objects.arrivals().filter(registration=OuterRef("pk"))))

    def whose_calendar_holds(self, session: Session):
        """Return the confirmed people whose calendar holds the session: a place on it, their
        star on it, or (until they star any) a day of theirs it is on."""
        seat, starred, day = (
            self.model._meta.get_field(name).related_model
            for name in ("seats", "starred", "attended_days")
        )

        def exists(model, **lookups):
            rows = model.objects.filter(registration=models.OuterRef("pk"), **lookups)
            return models.Exists(rows)

        people = self.filter(
            edition_id=session.edition_id,
            status=Registration.Status.CONFIRMED,
            personal_data_purged_at__isnull=True,
        )
        holds_place = exists(seat, session=session, status=seat.Status.CONFIRMED)
        if session.capacity is not None:
            return people.filter(holds_place)
        starred_it = exists(starred, session=session)
        starred_any = exists(starred)
        on_their_day = exists(day, day=session.local_day)
        return people.filter(holds_place | starred_it | (~starred_any & on_their_day))

    def expired_pending(self, now: dt.datetime | None = None):
        cutoff = (now or timezone.now()) - confirmation_window()
        return self.filter(status=Registration.Status.PENDING, created_at__lt=cutoff)


def position_in_line(waiting: models.QuerySet, item: models.Model) -> int:
    """Return 1 for the first in a waiting list ordered by (waiting_since, pk), and so on."""
    ahead = waiting.filter(
        Q(waiting_since__lt=item.waiting_since)
        | Q(waiting_since=item.waiting_since, pk__lt=item.pk)
    )
    return ahead.count() + 1


def validate_deliverable_email(value: str) -> None:
    """Refuse addresses that no mail server delivers to, with a message that says why."""
    if any(unicodedata.category(character) in ("Cc", "Cf") for character in value):
        raise ValidationError(
            _("This address contains invisible characters; please retype it."),
            code="invisible_character",
        )
    domain = value.rpartition("@")[2]
    if domain.startswith("["):
        raise ValidationError(
            _("Please use an address with a domain name, not a server address in brackets."),
            code="address_literal",
        )
    if "." not in domain.strip("."):
        raise ValidationError(
            _("“%(domain)s” is not a domain on the internet; please check the address."),
            code="local_domain",
            params={"domain": domain},
        )


def organisers_address(edition: Edition) -> str:
    """Return where attendees write about their data: the privacy contact, or the edition's."""
    contact = next((contact for contact in edition.contacts.all() if contact.email), None)
    return settings.PRIVACY_CONTACT_EMAIL or (contact.email if contact else "")


def confirmation_window() -> dt.timedelta:
    return dt.timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS)


class Registration(models.Model):
    """One person's registration for one edition; a small state machine.

    pending -> confirmed | waiting | expired; waiting -> confirmed; any active -> cancelled.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired (never confirmed)")

    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITING)

    # What a person tells us about themselves, in the form's order and groups. The registration
    # form is a ModelForm of these fields; the data download and the CSV export list them; the
    # purge erases them all but those kept for anonymous counts. A new field is added to the
    # model, to one of these groups and to a migration: nothing else.
    ABOUT_YOU = ("first_name", "last_name", "email", "organisation", "job_title", "country")
    ABOUT_YOU += ("category", "gender")
    PARTICIPATION = ("wants_to_pitch", "dietary_requirements", "accessibility_needs")
    DATA_CHOICES = ("on_participant_list", "wants_future_editions")
    PERSONAL_FIELDS = ABOUT_YOU + PARTICIPATION + DATA_CHOICES
    KEPT_AFTER_PURGE = ("country", "category")
    # Fixed once registered: the address the links were sent to.
    IDENTITY_FIELDS = ("email",)

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("edition")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254, validators=[validate_deliverable_email])
    organisation = models.CharField(_("organisation"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    # The blank choice's wording every select of ours uses (see registrations.forms), set here
    # so that forms never rebuild the list of 250 countries to change it.
    country = CountryField(_("country"), blank_label=_("Choose…"))
    category = models.CharField(_("stakeholder category"), max_length=30, choices=Category.choices)
    # Asked only where the edition asks it (Edition.asks_gender), and never required.
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, blank=True, default=""
    )
    wants_to_pitch = models.BooleanField(_("interested in pitching"), default=False)
    dietary_requirements = models.CharField(_("dietary requirements"), max_length=500, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=500, blank=True)
    language = models.CharField(
        _("language"), max_length=10, default="en", choices=settings.LANGUAGES
    )

    privacy_consent_at = models.DateTimeField(_("privacy notice accepted"))
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20)
    on_participant_list = models.BooleanField(_("appears on the participant list"), default=False)
    wants_future_editions = models.BooleanField(_("news of future editions"), default=False)

    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(_("personal data purged"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("added by (organiser)"),
    )

    # The personal links. The manage link is the whole credential (view, change, cancel,
    # erase); the calendar link only reads, because subscribing hands it to a calendar service.
    # Replacing the links (replace_links) voids the old ones.
    manage_token = models.CharField(
        _("manage link token"), max_length=64, unique=True, default=new_token, editable=False
    )
    calendar_token = models.CharField(
        _("calendar link token"), max_length=64, unique=True, default=new_token, editable=False
    )
    confirmation_token = models.CharField(
        _("confirmation link token"), max_length=64, unique=True, default=new_token, editable=False
    )
    # Carried by the QR code shown at the door; it only identifies the pass, and is replaced
    # with the links.
    check_in_token = models.CharField(
        _("check-in code"), max_length=64, unique=True, default=new_token, editable=False
    )

    # The person's emails in the outbox (erased with them).
    emails = GenericRelation(
        "outbox.Email",
        content_type_field="person_type",
        object_id_field="person_id",
        related_query_name="registration",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "edition",
                condition=Q(status__in=["pending", "confirmed", "waiting"]) & ~Q(email=""),
                name="one_active_registration_per_email_and_edition",
                violation_error_message=_("This email address is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "confirmed", "waiting", "cancelled", "expired"]),
                name="registration_status_is_known",
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"])]

    def __str__(self) -> str:
        if self.personal_data_purged_at:
            return _("Registration %(id)s (personal data purged)") % {"id": self.pk}
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return self.manage_url()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def links_fingerprint(self) -> str:
        """Return what names this generation of the person's links (not the links): anything
        issued with it (a sign-in link, a signed-in session, a meeting link) dies with them."""
        return hashlib.sha256(self.manage_token.encode()).hexdigest()[:16]

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def confirmation_expires_at(self) -> dt.datetime:
        return self.created_at + confirmation_window()

    def _personal_path(self, name: str, token: str) -> str:
        """Return a personal page's path, in the language the person registered in."""
        with translation.override(self.language):
            return reverse(
                f"registrations:{name}", kwargs={"edition_slug": self.edition.slug, "token": token}
            )

    def manage_url(self) -> str:
        return self._personal_path("manage", self.manage_token)

    def confirmation_url(self) -> str:
        return self._personal_path("confirm", self.confirmation_token)

    def calendar_url(self) -> str:
        return self._personal_path("calendar", self.calendar_token)

    def address_fingerprint(self) -> str:
        # Voids a link to a new address once the address or the manage link changes, without
        # putting either in the link (a mistyped address must learn nothing about the person).
        material = f"{self.manage_token}:{self.email.lower()}".encode()
        return hashlib.sha256(material).hexdigest()[:20]

    def new_address_url(self, email_id: int) -> str:
        """Return the link that moves this registration to the address the email `email_id`
        went to, when its owner opens it. The link holds no address: a link is signed, not
        secret, and travels through logs and mail scanners."""
        payload = {"r": self.pk, "m": email_id, "f": self.address_fingerprint()}
        token = signing.dumps(payload, salt=NEW_ADDRESS_SALT)
        return self._personal_path("confirm_new_address", token)

    def status_explanation(self) -> str:
        """Return what the status means for the person, and what they need to do, if anything."""
        explanations = {
            self.Status.PENDING: _(
                "Not confirmed yet: please follow the link in the email we sent you. Until "
                "then you have no place."
            ),
            self.Status.CONFIRMED: _("Your place is reserved. Nothing more to do."),
            self.Status.WAITING: _(
                "The event is full and you are on the waiting list. If a place becomes free it "
                "is yours automatically, and we will email you."
            ),
            self.Status.CANCELLED: _(
                "You no longer have a place. While registration is open you can register again."
            ),
            self.Status.EXPIRED: _(
                "The confirmation link was not followed in time, so this registration lapsed. "
                "While registration is open you can register again."
            ),
        }
        return explanations[self.status]

    def waiting_position(self) -> int | None:
        """Return 1 for the first person on the edition's waiting list, and so on."""
        if self.status != self.Status.WAITING:
            return None
        waiting = Registration.objects.filter(edition_id=self.edition_id, status=self.status)
        return position_in_line(waiting, self)

    @property
    def days(self) -> list[dt.date]:
        """Return the days this person attends, in order (prefetch `attended_days` for lists)."""
        return sorted(attended.day for attended in self.attended_days.all())

    def arrival_days(self) -> list[dt.date]:
        """Return the days this person was let in at the door, in order."""
        return sorted(set(self.check_ins.arrivals().values_list("day", flat=True)))

    def attended_sessions(self):
        """Return the published sessions of this person's programme: the places they hold, and
        the sessions they starred ("my agenda"), or until they star one, all of their days'."""
        if self.status != self.Status.CONFIRMED:
            return Session.objects.none()
        held = self.seats.filter(status=self.seats.model.Status.CONFIRMED).values("session_id")
        sessions = self.edition.sessions.for_agenda()
        starred = self.starred.values("session_id")
        if starred.exists():
            return sessions.filter(Q(pk__in=starred) | Q(pk__in=held))
        on_days = sessions.on_days(self.days, self.edition.tz).filter(capacity__isnull=True)
        return sessions.filter(Q(pk__in=on_days.values("pk")) | Q(pk__in=held))
