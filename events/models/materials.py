"""What stays after an edition: slides, recordings and documents, per session or for the edition.

Files are PDF only, checked by their content and size on upload, stored under a random name and
served by their row (events.views.material_file), never by a path a visitor can choose.
Recordings are links to the video platform, shown as links: no third-party player on our pages.
"""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common import images
from common.text import ONE_LINE
from events.models.editions import Edition
from events.models.sessions import Session, Speaker

MAX_PDF_MEGABYTES = 25


def validate_pdf(file) -> None:
    """Refuse what is not a PDF file of sensible size, by its content, not its name."""
    if getattr(file, "_committed", False):
        return  # stored earlier, and checked then
    images.validate_size(file, MAX_PDF_MEGABYTES)
    file.seek(0)
    head = file.read(1024)
    file.seek(max(file.size - 2048, 0))
    tail = file.read()
    file.seek(0)
    if b"%PDF-" not in head[:16] or b"%%EOF" not in tail:
        raise ValidationError(
            _("This file is not a PDF document: export your slides as PDF and upload that."),
            code="not_pdf",
        )


def material_upload_name(instance, filename: str) -> str:
    """Return `material/<random>.pdf`: neither the uploader's name nor its extension is kept."""
    return images.random_upload_name(instance, "upload.pdf")


class Material(models.Model):
    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        RECORDING = "recording", _("Recording")
        DOCUMENT = "document", _("Document")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="materials", verbose_name=_("edition")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("session"),
        help_text=_("Empty for a material of the whole edition (the input paper, say)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, validators=ONE_LINE)
    file = models.FileField(
        _("PDF file"),
        upload_to=material_upload_name,
        blank=True,
        validators=[validate_pdf],
        help_text=lazy(
            lambda: gettext("A PDF file of at most %(limit)d MB.") % {"limit": MAX_PDF_MEGABYTES},
            str,
        )(),
    )
    url = models.URLField(
        _("address"),
        blank=True,
        help_text=_("For a recording: its page on the video platform (shown as a link)."),
    )
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("uploaded by (speaker)"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["order", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url=""))
                | (~models.Q(file="") & models.Q(url="")),
                name="material_is_a_file_or_a_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        previous = (
            Material.objects.filter(pk=self.pk).values_list("file", flat=True).first()
            if self.pk
            else None
        )
        super().save(*args, **kwargs)
        if previous and previous != self.file.name:
            default_storage.delete(previous)

    def get_absolute_url(self) -> str:
        if self.url:
            return self.url
        return reverse(
            "events:material",
            kwargs={"edition_slug": self.edition.slug, "pk": self.pk, "name": self.download_name},
        )

    def clean(self) -> None:
        if bool(self.file) == bool(self.url):
            raise ValidationError(_("Give either a PDF file or an address, not both."))
        if self.kind == self.Kind.RECORDING and not self.url:
            raise ValidationError({"url": _("A recording is a link to its video page.")})
        if self.session_id and self.edition_id and self.session.edition_id != self.edition_id:
            raise ValidationError({"session": _("Choose a session of this edition.")})

    @property
    def download_name(self) -> str:
        return f"{slugify(self.title)[:80] or 'material'}.pdf"
