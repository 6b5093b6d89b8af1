"""What an edition lists: its objectives, organisers and partners, contacts and links."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.text import ONE_LINE, PLAIN_TEXT
from events.models.editions import Edition
from events.models.series import Organisation


class Objective(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("edition")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"), validators=PLAIN_TEXT)

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
    name = models.CharField(_("name"), max_length=200, validators=ONE_LINE)
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
    label = models.CharField(_("label"), max_length=200, validators=ONE_LINE)
    url = models.URLField(_("address"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label
