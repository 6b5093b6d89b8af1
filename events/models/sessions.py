"""The programme: sessions, the speakers in them and their roles."""

import datetime as dt
import functools
import secrets
import uuid
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from common import images
from common.text import ONE_LINE, PLAIN_TEXT
from events.models.editions import Edition
from events.models.venues import Place, Venue


@functools.lru_cache(maxsize=1024)
def _choice_label(choices: type[models.TextChoices], value: str, language: str) -> str:
    return str(dict(choices.choices).get(value, value))


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """Return a choice's label in the active language, translated once per language.

    Django's get_FOO_display() translates the lazy label on every call, which showed up as a
    fifth of the agenda's rendering time.
    """
    return _choice_label(choices, value, get_language() or "")


def random_token() -> str:
    """Return a random, opaque link token (192 bits)."""
    return secrets.token_urlsafe(24)


class Speaker(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=ONE_LINE)
    slug = models.SlugField(_("slug"), unique=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True, validators=ONE_LINE)
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, validators=ONE_LINE
    )
    country = CountryField(_("country"), blank=True)
    bio = models.TextField(_("short bio"), blank=True, validators=PLAIN_TEXT)
    photo = models.ImageField(
        _("photo"),
        upload_to=images.random_upload_name,
        blank=True,
        validators=[images.validate_picture],
        help_text=_(
            "A JPEG, PNG or WebP portrait, at least 200 × 200 pixels. Pages show a square crop "
            "around the upper centre; the file itself is never published."
        ),
    )
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Never shown: where the link to upload their slides is sent."),
    )
    # The speaker's own link to upload slides; organisers replace it to void a forwarded one.
    upload_token = models.CharField(
        _("upload link token"), max_length=64, unique=True, default=random_token, editable=False
    )
    photo_alt = models.CharField(
        _("photo description"),
        max_length=200,
        blank=True,
        help_text=_(
            "What the photo shows, for people who cannot see it, e.g. “Portrait of Layla "
            "Pavone speaking at a lectern”."
        ),
    )

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        images.save_with_renditions(
            self, "photo", lambda: super(Speaker, self).save(*args, **kwargs)
        )

    def clean(self) -> None:
        if self.photo and not self.photo_alt_en:
            raise ValidationError(
                {"photo_alt_en": _("Describe the photo for people who cannot see it.")}
            )

    @property
    def photo_urls(self) -> dict[int, str]:
        """Return the photo's renditions by width in pixels; empty without a photo."""
        return images.rendition_urls(self.photo.name) if self.photo else {}

    @property
    def affiliation(self) -> str:
        country = self.country.name if self.country else ""
        return ", ".join(part for part in (self.job_title, self.organisation, country) if part)


class SessionQuerySet(models.QuerySet):
    def published(self):
        """Return the sessions visitors may see: published, in a published edition."""
        return self.filter(is_published=True, edition__is_published=True)

    def on_days(self, days: "list[dt.date]", tz: zoneinfo.ZoneInfo):
        """Return the sessions starting on any of these local days (in the edition's zone)."""
        matches = Q()
        for day in days:
            start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
            matches |= Q(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1))
        return self.filter(matches) if matches else self.none()

    def overlapping(self, session: "Session"):
        """Return the other running sessions of its edition at the same place at the same time."""
        if not session.place_id and not session.venue_id:
            same_place = Q(place__isnull=True, venue__isnull=True)  # the main venue itself
        else:
            same_place = Q(place_id=session.place_id, venue_id=session.venue_id)
        return (
            self.filter(same_place, edition_id=session.edition_id, is_cancelled=False)
            .filter(starts_at__lt=session.ends_at, ends_at__gt=session.starts_at)
            .exclude(pk=session.pk)
            .select_related("edition")
        )

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
    SCHEDULE_FIELDS = (
        "title",
        "starts_at",
        "ends_at",
        "time_to_be_confirmed",
        "place",
        "venue",
        "is_cancelled",
    )

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("edition")
    )
    # Identifies the session in attendees' calendars for its whole life, whatever else changes.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("slug"))
    title = models.CharField(_("title"), max_length=300, validators=ONE_LINE)
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
    description = models.TextField(_("description"), blank=True, validators=PLAIN_TEXT)
    summary = models.TextField(
        _("summary after the session"),
        blank=True,
        help_text=_("What was said and agreed, for those who could not come."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit beyond the edition's."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    time_to_be_confirmed = models.BooleanField(
        _("time to be confirmed"),
        default=False,
        help_text=_("The time is provisional; the pages and calendars say so."),
    )
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
    presents = models.CharField(
        _("presents"),
        max_length=300,
        blank=True,
        validators=ONE_LINE,
        help_text=_("What they present, shown beside their name (a pitch's title, say)."),
    )

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
