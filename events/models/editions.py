"""The editions of the series: dates, place, look, registration window."""

import datetime as dt
import hashlib
import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from common import images
from common.colours import validate_accent_colour
from common.text import ONE_LINE, PLAIN_TEXT
from events.models.series import Series
from events.models.venues import Venue

if TYPE_CHECKING:
    from events.models.edition_parts import EditionLink

DEFAULT_ACCENT = "#0b3d91"

# Edition slugs share the URL root with these pages, the admin and the language prefixes.
RESERVED_EDITION_SLUGS = {"editions", "static", "media", "health", "language"}


def reserved_edition_slugs() -> set[str]:
    languages = {code for code, _name in settings.LANGUAGES}
    return RESERVED_EDITION_SLUGS | languages | {settings.ADMIN_URL.strip("/")}


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

    def for_calendar(self):
        """Return editions with what a calendar feed needs (the ORGANIZER is a contact)."""
        return self.select_related("series", "venue").prefetch_related("contacts")

    def partner_rows(self):
        partners = self.model._meta.get_field("partnerships").related_model
        return partners.objects.select_related("organisation")

    def for_edition_page(self):
        return self.select_related("series", "venue").prefetch_related(
            "objectives",
            "contacts",
            "links",
            Prefetch("partnerships", queryset=self.partner_rows()),
            "materials__session",
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
    title = models.CharField(_("title"), max_length=200, validators=ONE_LINE)
    theme = models.CharField(_("theme"), max_length=300, validators=ONE_LINE)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True, validators=ONE_LINE)
    city = models.CharField(_("city"), max_length=100, validators=ONE_LINE)
    country = CountryField(_("country"))
    host_region = models.CharField(
        _("host region"), max_length=200, blank=True, help_text=_("E.g. Lombardy.")
    )
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
    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences."), validators=PLAIN_TEXT
    )
    description = models.TextField(_("description"), blank=True, validators=PLAIN_TEXT)
    context = models.TextField(_("context in the series"), blank=True)
    attendance_note = models.CharField(_("attendance"), max_length=200, blank=True)
    report = models.TextField(
        _("summary after the edition"),
        blank=True,
        help_text=_("What came out of it; shown on the edition's page once it is over."),
    )
    highlights = models.TextField(
        _("highlights"), blank=True, help_text=_("One highlight a line, shown as a list.")
    )
    participant_count = models.PositiveIntegerField(
        _("participants (as recorded)"), null=True, blank=True
    )
    country_count = models.PositiveSmallIntegerField(
        _("countries (as recorded)"), null=True, blank=True
    )
    asks_gender = models.BooleanField(
        _("ask for gender"),
        default=False,
        help_text=_(
            "Adds an optional question on gender to the registration form (with 'prefer not to "
            "say'), for funders' reports; answers appear only as totals of 5 or more."
        ),
    )
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
        help_text=_("Empty: closes at 23:59 on the day before the edition starts."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[validate_accent_colour],
        help_text=_(
            "Links, buttons and the header band, as #rrggbb. It must reach 4.5:1 with white "
            "(WCAG AA); dark mode uses a lighter shade of it, computed to reach the same."
        ),
    )
    header_image = models.ImageField(
        _("header image"),
        upload_to=images.random_upload_name,
        blank=True,
        validators=[images.validate_picture],
        help_text=_(
            "Behind the header band of the edition's page, darkened so its text stays readable; "
            "a wide JPEG, PNG or WebP picture (pages use 1600 × 500 pixels)."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        editable=False,
        verbose_name=_("copied from"),
    )
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

    def save(self, *args, **kwargs) -> None:
        images.save_with_renditions(
            self,
            "header_image",
            lambda: super(Edition, self).save(*args, **kwargs),
            images.BANNER,
        )

    def get_absolute_url(self) -> str:
        return reverse("events:edition", kwargs={"edition_slug": self.slug})

    @property
    def highlight_lines(self) -> list[str]:
        return [line.strip() for line in self.highlights.splitlines() if line.strip()]

    @property
    def look_version(self) -> str:
        """Return a short name of the edition's accent and header image, for its theme's URL."""
        look = f"{self.accent_colour}:{self.header_image.name if self.header_image else ''}"
        return hashlib.sha256(look.encode()).hexdigest()[:12]

    @property
    def header_renditions(self) -> dict[int, str]:
        if not self.header_image:
            return {}
        return images.rendition_urls(self.header_image.name, images.BANNER)

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

    def day_of(self, now: dt.datetime | None = None) -> dt.date | None:
        """Return the edition's day that `now` falls on in its time zone, or None."""
        today = (now or timezone.now()).astimezone(self.tz).date()
        return today if self.start_date <= today <= self.end_date else None

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
        """Return when registration closes: by default 23:59 on the day before the edition."""
        return self.registration_closes_at or self.starts_at - dt.timedelta(minutes=1)

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

    def is_running(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    def link(self, kind: str) -> "EditionLink | None":
        return next((link for link in self.links.all() if link.kind == kind), None)

    @property
    def recordings_link(self) -> "EditionLink | None":
        return self.link(self.links.model.Kind.RECORDINGS)
