"""The programme of the series: editions, venues, sessions and speakers."""

import datetime as dt
import functools
import uuid
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

# Edition slugs share the URL root with these pages, the admin and the language prefixes.
RESERVED_EDITION_SLUGS = {"editions", "static", "media", "health", "language"}


def reserved_edition_slugs() -> set[str]:
    languages = {code for code, _name in settings.LANGUAGES}
    return RESERVED_EDITION_SLUGS | languages | {settings.ADMIN_URL.strip("/")}


@functools.lru_cache(maxsize=1024)
def _choice_label(choices: type[models.TextChoices], value: str, language: str) -> str:
    return str(dict(choices.choices).get(value, value))


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """Return a choice's label in the active language, translated once per language.

    Django's get_FOO_display() translates the lazy label on every call, which showed up as a
    fifth of the agenda's rendering time.
    """
    return _choice_label(choices, value, get_language() or "")


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone name such as Europe/Rome."),
            params={"value": value},
        )


def validate_edition_slug(value: str) -> None:
    if value in reserved_edition_slugs():
        raise ValidationError(
            _("“%(value)s” is reserved for a page of the site."), params={"value": value}
        )


class Series(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    organiser = models.CharField(_("organiser"), max_length=200)
    organiser_url = models.URLField(_("organiser website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:archive")


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    directions = models.TextField(_("directions"), blank=True)
    accessibility = models.TextField(_("accessibility notes"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="venue_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="venue_longitude_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"

    @property
    def full_address(self) -> str:
        """Return the postal address on one line, as calendars and maps expect it."""
        locality = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(
            part for part in (self.name, self.street_address, locality, self.country.name) if part
        )

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def map_url(self) -> str:
        """Return an OpenStreetMap link (a link only: no third-party map is embedded)."""
        if not self.has_coordinates:
            return ""
        lat, lon = Decimal(self.latitude).normalize(), Decimal(self.longitude).normalize()
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


class Place(models.Model):
    """A room or area inside a venue, e.g. Sala Biagi on the first floor of Nucleo 4."""

    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="places", verbose_name=_("venue")
    )
    name = models.CharField(_("name"), max_length=200)
    location_detail = models.CharField(
        _("where in the venue"),
        max_length=200,
        blank=True,
        help_text=_("Building, floor or wing, e.g. “Nucleo 4, first floor”."),
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["venue__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="unique_place_name_per_venue")
        ]

    def __str__(self) -> str:
        if self.location_detail:
            return f"{self.name} ({self.location_detail})"
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    url = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, today: dt.date | None = None):
        """Return editions that have not ended yet, the soonest first."""
        today = today or timezone.localdate()
        return self.filter(end_date__gte=today).order_by("start_date")

    def current(self, today: dt.date | None = None) -> "Edition | None":
        """Return the next upcoming published edition, or else the latest one."""
        published = self.published()
        return published.upcoming(today).first() or published.order_by("-start_date").first()

    def for_edition_page(self):
        return self.select_related("series", "venue").prefetch_related(
            "objectives",
            "contacts",
            "links",
            Prefetch(
                "partnerships",
                queryset=EditionPartner.objects.select_related("organisation"),
            ),
        )


class Edition(models.Model):
    class RegistrationState(models.TextChoices):
        NOT_YET_OPEN = "not_yet_open", _("Registration opens soon")
        OPEN = "open", _("Registration open")
        CLOSED = "closed", _("Registration closed")
        OVER = "over", _("Event over")

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="editions", verbose_name=_("series")
    )
    slug = models.SlugField(
        _("slug"),
        unique=True,
        validators=[validate_edition_slug],
        help_text=_("Part of the address of every page of the edition, e.g. milano-2024."),
    )
    number_in_series = models.PositiveSmallIntegerField(
        _("number in the series"),
        null=True,
        blank=True,
        help_text=_("15 for the 15th workshop of the cycle."),
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Brussels",
        validators=[validate_time_zone],
        help_text=_("IANA name of the local time zone, e.g. Europe/Rome."),
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("main venue"),
    )
    summary = models.TextField(_("summary"), help_text=_("One or two sentences."))
    description = models.TextField(_("description"), blank=True)
    context = models.TextField(_("context in the series"), blank=True)
    attendance_note = models.CharField(_("attendance"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("How many people can attend; empty for no limit. Later sign-ups wait."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_("Empty: open as soon as the edition is published."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: closes when the edition starts."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="edition_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="edition_registration_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:edition", kwargs={"edition_slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot be before the first day.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if errors:
            raise ValidationError(errors)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def days(self) -> list[dt.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=offset) for offset in range(count)]

    @property
    def starts_at(self) -> dt.datetime:
        """Return the local midnight that begins the first day."""
        return dt.datetime.combine(self.start_date, dt.time.min, tzinfo=self.tz)

    @property
    def ends_at(self) -> dt.datetime:
        """Return the local midnight that ends the last day."""
        return dt.datetime.combine(
            self.end_date + dt.timedelta(days=1), dt.time.min, tzinfo=self.tz
        )

    @property
    def registration_closes(self) -> dt.datetime:
        return self.registration_closes_at or self.starts_at

    def registration_state(self, now: dt.datetime | None = None) -> str:
        now = now or timezone.now()
        if now >= self.ends_at:
            return self.RegistrationState.OVER
        if self.registration_opens_at and now < self.registration_opens_at:
            return self.RegistrationState.NOT_YET_OPEN
        if now >= self.registration_closes:
            return self.RegistrationState.CLOSED
        return self.RegistrationState.OPEN

    def next_state_change(self, now: dt.datetime) -> dt.datetime | None:
        """Return when the registration state shown on the page changes next, if ever."""
        moments = [self.registration_opens_at, self.registration_closes, self.ends_at]
        upcoming = [moment for moment in moments if moment and moment > now]
        return min(upcoming, default=None)

    def sessions_now_and_next(
        self, sessions: list["Session"], now: dt.datetime
    ) -> tuple[set[int], set[int]]:
        """Return the ids of the sessions running at `now` and of those starting next."""
        if not self.is_running(now):
            return set(), set()
        on_now = {session.pk for session in sessions if session.is_on_at(now)}
        later = [s for s in sessions if s.starts_at > now and not s.is_cancelled]
        if not later:
            return on_now, set()
        next_start = later[0].starts_at
        return on_now, {session.pk for session in later if session.starts_at == next_start}

    def is_running(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    def link(self, kind: str) -> "EditionLink | None":
        return next((link for link in self.links.all() if link.kind == kind), None)

    @property
    def recordings_link(self) -> "EditionLink | None":
        return self.link(EditionLink.Kind.RECORDINGS)


class Objective(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("edition")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class EditionPartner(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        PARTNER = "partner", _("Partner")
        SUPPORTER = "supporter", _("Supporter")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("edition")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    role_detail = models.CharField(
        _("role in detail"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Host region” or “on behalf of the European Commission”."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("organiser or partner")
        verbose_name_plural = _("organisers and partners")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organisation"], name="unique_partner_per_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Contact(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("edition")
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_uri(self) -> str:
        """Return a tel: link target, keeping only digits and a leading plus."""
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""


class EditionLink(models.Model):
    class Kind(models.TextChoices):
        MORE_INFORMATION = "more_information", _("More information")
        AGENDA = "agenda", _("Agenda")
        REGISTRATION = "registration", _("Registration")
        RECORDINGS = "recordings", _("Recordings")
        NEWS = "news", _("News")
        OTHER = "other", _("Other")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="links", verbose_name=_("edition")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=200)
    url = models.URLField(_("address"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class Speaker(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("short bio"), blank=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def affiliation(self) -> str:
        return ", ".join(part for part in (self.job_title, self.organisation) if part)


class SessionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def on_days(self, days: "list[dt.date]", tz: zoneinfo.ZoneInfo):
        """Return the sessions starting on any of these local days (in the edition's zone)."""
        matches = Q()
        for day in days:
            start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
            matches |= Q(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1))
        return self.filter(matches) if matches else self.none()

    def for_agenda(self):
        """Return published sessions with everything the agenda shows, in two queries in all.

        Reached through `edition.sessions`, each session gets that edition object for free;
        joining the edition again per row cost a tenth of the agenda's rendering time.
        """
        return (
            self.published()
            .select_related("place__venue", "venue")
            .prefetch_related(
                Prefetch(
                    "appearances",
                    queryset=SessionSpeaker.objects.select_related("speaker"),
                )
            )
            .order_by("starts_at", "ends_at", "title")
        )


class Session(models.Model):
    class Type(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        PANEL = "panel", _("Panel discussion")
        PITCHING = "pitching", _("Pitching session")
        GUIDED_VISIT = "guided_visit", _("Guided visit")
        NETWORKING = "networking", _("Networking")
        BREAK = "break", _("Break")
        REGISTRATION = "registration", _("Registration")
        OTHER = "other", _("Other")

    # A change to any of these moves the session in attendees' calendars.
    SCHEDULE_FIELDS = ("title", "starts_at", "ends_at", "place", "venue", "is_cancelled")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("edition")
    )
    # Identifies the session in attendees' calendars for its whole life, whatever else changes.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("slug"))
    title = models.CharField(_("title"), max_length=300)
    session_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("place"),
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("other venue"),
        help_text=_("Only when the session is not at the edition's main venue or a place in it."),
    )
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit beyond the edition's."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        editable=False,
        help_text=_("Raised whenever the time, place or title changes, so calendars update."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    speakers = models.ManyToManyField(
        Speaker, through="SessionSpeaker", related_name="sessions", verbose_name=_("speakers")
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "ends_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_it_starts"
            ),
            models.UniqueConstraint(
                fields=["edition", "slug"], name="unique_session_slug_per_edition"
            ),
        ]
        indexes = [models.Index(fields=["edition", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "events:session",
            kwargs={"edition_slug": self.edition.slug, "session_slug": self.slug},
        )

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if self.edition_id and self.starts_at and self.ends_at:
            edition = self.edition
            first, last = edition.start_date, edition.end_date
            start_day = timezone.localtime(self.starts_at, edition.tz).date()
            # A session ending at midnight belongs to the day before.
            end_day = timezone.localtime(self.ends_at - dt.timedelta(microseconds=1), edition.tz)
            runs = {"first": first, "last": last}
            if not first <= start_day <= last:
                errors["starts_at"] = _(
                    "The edition runs from %(first)s to %(last)s; this session starts on %(day)s."
                ) % (runs | {"day": start_day})
            elif not first <= end_day.date() <= last:
                errors["ends_at"] = _(
                    "The edition runs from %(first)s to %(last)s; this session ends on %(day)s."
                ) % (runs | {"day": end_day.date()})
        if self.place_id and self.venue_id:
            errors["venue"] = _("Choose either a place or another venue, not both.")
        if errors:
            raise ValidationError(errors)

    @property
    def actual_venue(self) -> Venue:
        if self.place_id:
            return self.place.venue
        return self.venue or self.edition.venue

    @property
    def location_label(self) -> str:
        """Return where the session happens, as a person would say it."""
        venue = self.actual_venue
        if self.place_id:
            return f"{self.place}, {venue.name}"
        return venue.name

    def get_session_type_display(self) -> str:
        return choice_label(self.Type, self.session_type)

    @cached_property
    def local_starts_at(self) -> dt.datetime:
        return timezone.localtime(self.starts_at, self.edition.tz)

    @cached_property
    def local_ends_at(self) -> dt.datetime:
        return timezone.localtime(self.ends_at, self.edition.tz)

    @property
    def local_day(self) -> dt.date:
        return self.local_starts_at.date()

    @cached_property
    def clock_range(self) -> str:
        """Return "09:30–11:00" in local time: 24-hour clocks read the same in our languages."""
        return f"{self.local_starts_at:%H:%M}–{self.local_ends_at:%H:%M}"

    @property
    def zone_abbreviation(self) -> str:
        return self.local_starts_at.tzname() or self.edition.time_zone

    @cached_property
    def url(self) -> str:
        return self.get_absolute_url()

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at

    def is_on_at(self, moment: dt.datetime) -> bool:
        return not self.is_cancelled and self.starts_at <= moment < self.ends_at


class SessionSpeaker(models.Model):
    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        KEYNOTE = "keynote", _("Keynote speaker")
        MODERATOR = "moderator", _("Moderator")
        PANELLIST = "panellist", _("Panellist")
        PITCHER = "pitcher", _("Pitcher")
        HOST = "host", _("Host")
        GUIDE = "guide", _("Guide")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="appearances", verbose_name=_("session")
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="appearances", verbose_name=_("speaker")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker in a session")
        verbose_name_plural = _("speakers in the session")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "speaker"], name="unique_speaker_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.speaker} – {self.get_role_display()}"

    def get_role_display(self) -> str:
        return choice_label(self.Role, self.role)


class ContentVersion(models.Model):
    """One row counting changes to the published programme; cached pages are keyed on it."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self) -> str:
        return f"v{self.number}"

    @classmethod
    def current(cls) -> "ContentVersion":
        version, _ = cls.objects.get_or_create(pk=1)
        return version

    @classmethod
    def bump(cls) -> None:
        """Record that published content changed, so every cached page is rebuilt."""
        updated = cls.objects.filter(pk=1).update(number=F("number") + 1, changed_at=timezone.now())
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"number": 1})
