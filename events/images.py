"""Pictures organisers upload: checked on upload, then served only as small WebP renditions.

The original stays private (it may be large and carry EXIF data such as a location); pages use
square renditions at the widths below, written once when the picture is saved. Each upload gets a
random name, so a rendition's address never shows another picture and can be cached for a year.
"""

import io
import logging
import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MAX_UPLOAD_MEGABYTES = 10
MAX_PIXELS = 50_000_000
MIN_SIDE = 200
# 96 CSS pixels on the speakers page at 1x and 2x; the session page shows the 96 at 48.
RENDITION_WIDTHS = (96, 192)
RENDITIONS_FOLDER = "renditions"


def random_upload_name(instance, filename: str) -> str:
    """Return `<model name>/<random>.<extension>`: the uploader's file name says nothing."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"{instance._meta.model_name}/{uuid.uuid4().hex}{suffix}"


def validate_picture(file) -> None:
    """Refuse what is not a JPEG, PNG or WebP picture of sensible size, saying which rule."""
    if getattr(file, "_committed", False):
        return  # stored earlier, and checked then
    if file.size > MAX_UPLOAD_MEGABYTES * 1024 * 1024:
        raise ValidationError(
            _("The file is %(size).1f MB; the largest accepted is %(limit)d MB."),
            params={"size": file.size / 1024 / 1024, "limit": MAX_UPLOAD_MEGABYTES},
            code="too_large",
        )
    file.seek(0)
    try:
        with Image.open(file) as picture:
            picture_format, (width, height) = picture.format, picture.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The picture is %(width)d × %(height)d pixels, too many to process."),
                    params={"width": width, "height": height},
                    code="too_many_pixels",
                )
            picture.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError(
            _("This file is not a picture we can read: upload a JPEG, PNG or WebP file."),
            code="unreadable",
        ) from None
    finally:
        file.seek(0)
    if picture_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("%(format)s pictures are not accepted: upload a JPEG, PNG or WebP file."),
            params={"format": picture_format},
            code="format",
        )
    if min(width, height) < MIN_SIDE:
        raise ValidationError(
            _(
                "The picture is %(width)d × %(height)d pixels; it needs at least %(min)d on "
                "each side to look sharp."
            ),
            params={"width": width, "height": height, "min": MIN_SIDE},
            code="too_small",
        )


def rendition_name(original_name: str, width: int) -> str:
    return f"{RENDITIONS_FOLDER}/{PurePosixPath(original_name).stem}-{width}.webp"


def ensure_square_renditions(original: FieldFile) -> None:
    """Write the square WebP renditions of an uploaded picture, unless they exist already."""
    missing = [
        width
        for width in RENDITION_WIDTHS
        if not default_storage.exists(rendition_name(original.name, width))
    ]
    if not missing:
        return
    try:
        original.open("rb")
        with Image.open(original) as picture:
            upright = ImageOps.exif_transpose(picture).convert("RGB")
    except OSError:
        # A lost original must not stop organisers saving the rest; pages then show no photo.
        logger.warning("Cannot read the picture %s to make its renditions", original.name)
        return
    finally:
        original.close()
    for width in missing:
        # Portraits have the face in the upper part: crop a little above the centre.
        square = ImageOps.fit(
            upright, (width, width), Image.Resampling.LANCZOS, centering=(0.5, 0.4)
        )
        buffer = io.BytesIO()
        square.save(buffer, "WEBP", quality=82, method=6)
        default_storage.save(rendition_name(original.name, width), ContentFile(buffer.getvalue()))


def rendition_urls(original_name: str) -> dict[int, str]:
    """Return the renditions' addresses by width, or nothing if they could not be made."""
    if not default_storage.exists(rendition_name(original_name, RENDITION_WIDTHS[-1])):
        return {}
    return {
        width: default_storage.url(rendition_name(original_name, width))
        for width in RENDITION_WIDTHS
    }


def delete_picture_files(original_name: str) -> None:
    """Remove an uploaded picture and its renditions (replaced, cleared or its owner erased)."""
    for width in RENDITION_WIDTHS:
        default_storage.delete(rendition_name(original_name, width))
    default_storage.delete(original_name)


def save_with_renditions(instance, field_name: str, save) -> None:
    """Save a model with an uploaded picture: renditions for a new one, old files removed."""
    previous = (
        type(instance).objects.filter(pk=instance.pk).values_list(field_name, flat=True).first()
        if instance.pk
        else None
    )
    save()
    picture = getattr(instance, field_name)
    if picture:
        ensure_square_renditions(picture)
    if previous and previous != picture.name:
        delete_picture_files(previous)
