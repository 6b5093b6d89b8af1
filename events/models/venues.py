"""Where the series takes place: venues and the places (rooms) inside them."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from common.text import ONE_LINE


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=ONE_LINE)
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
