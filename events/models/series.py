"""The series and the organisations behind its editions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common import images
from common.text import ONE_LINE


class Series(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=ONE_LINE)
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


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True, validators=ONE_LINE)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    url = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=images.random_upload_name,
        blank=True,
        validators=[images.validate_picture],
        help_text=_(
            "A JPEG, PNG or WebP file, at least 200 pixels on its shorter side; pages show it "
            "whole, on white, at 160 × 80 pixels."
        ),
    )
    logo_alt = models.CharField(
        _("logo description"),
        max_length=200,
        blank=True,
        help_text=_("What the logo says, for people who cannot see it; usually the name."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        images.save_with_renditions(
            self, "logo", lambda: super(Organisation, self).save(*args, **kwargs), images.LOGO
        )

    def clean(self) -> None:
        if self.logo and not self.logo_alt:
            # On the logo: the description is a field per language in the admin.
            raise ValidationError(
                {"logo": _("Describe the logo for those who cannot see it (logo description).")}
            )

    @property
    def logo_renditions(self) -> dict[int, str]:
        return images.rendition_urls(self.logo.name, images.LOGO) if self.logo else {}
