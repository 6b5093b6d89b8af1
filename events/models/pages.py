"""Pages of an edition that organisers write: the legal notice, the accessibility statement and
what they add to the privacy notice, in each language."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models.editions import Edition


class EditionPage(models.Model):
    class Kind(models.TextChoices):
        LEGAL = "legal", _("Legal notice")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        PRIVACY = "privacy", _("Privacy notice (added to the standard text)")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="pages", verbose_name=_("edition")
    )
    kind = models.CharField(_("page"), max_length=20, choices=Kind.choices)
    body = models.TextField(
        _("text"), help_text=_("Paragraphs separated by a blank line; addresses become links.")
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("page of the edition")
        verbose_name_plural = _("pages of the edition")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "kind"], name="one_page_per_kind_and_edition"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def get_absolute_url(self) -> str:
        names = {self.Kind.PRIVACY: "registrations:privacy"}
        name = names.get(self.kind, f"events:{self.kind}")
        return reverse(name, kwargs={"edition_slug": self.edition.slug})
