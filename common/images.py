"""Pictures organisers upload: checked on upload, then served only as small WebP renditions.

The original stays private (it may be large and carry EXIF data such as a location); pages use
renditions of one shape (square portraits and logos, wide header images) at a few widths, written
once when the picture is saved. Each upload gets a random name, so a rendition's address never
shows another picture and can be cached for a year.
"""

import contextlib
import io
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.dispatch import Signal
from django.tasks import task
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MAX_UPLOAD_MEGABYTES = 10
# No photo, logo or header image needs more: a 24-megapixel camera's 6000 × 4000. What is
# bigger is refused from the file's header, before anything is decoded (a tiny lossless WebP
# can declare 16,383 × 3,000 pixels and take a gigabyte to decode).
MAX_PIXELS = 24_000_000
MAX_SIDE = 8_000
MIN_SIDE = 200
# Pillow refuses to open beyond twice this anywhere in the process (a last line: the checks
# below say what is wrong before that).
Image.MAX_IMAGE_PIXELS = 2 * MAX_PIXELS
# The renditions need at most this many pixels on the longer side of what is decoded.
DECODE_SIDE = 1_600
RENDITIONS_FOLDER = "renditions"
# DejaVu Sans (Latin, Greek, Cyrillic), for the pictures and PDFs we draw: every machine lays
# them out alike.
FONTS = Path(__file__).resolve().parent / "fonts"


@dataclass(frozen=True)
class Shape:
    """The renditions of one kind of picture: widths (CSS pixels at 1x and 2x) and form."""

    widths: tuple[int, ...]
    aspect: float  # width / height
    centering: tuple[float, float]  # where the crop sits, as Pillow's ImageOps.fit takes it
    pad: bool = False  # logos: fitted whole on white instead of cropped


# 96 CSS pixels on the speakers page at 1x and 2x; the session page shows the 96 at 48.
# Portraits have the face in the upper part: crop a little above the centre.
SQUARE = Shape(widths=(96, 192), aspect=1, centering=(0.5, 0.4))
# An edition's header band, full width on a phone (800) and on a desktop (1600).
BANNER = Shape(widths=(800, 1600), aspect=3.2, centering=(0.5, 0.5))
# Organisers' and partners' logos in the logo strip: never cropped, on white.
LOGO = Shape(widths=(160, 320), aspect=2, centering=(0.5, 0.5), pad=True)
RENDITION_WIDTHS = tuple(sorted({w for shape in (SQUARE, BANNER, LOGO) for w in shape.widths}))
SHAPES = {"square": SQUARE, "banner": BANNER, "logo": LOGO}
# Renditions of a picture up to this many pixels are made at once, in tens of milliseconds;
# a bigger one (a camera's 24 megapixels: seconds) is left to the worker, and its page shows
# the picture once made (`renditions_made`).
INLINE_PIXELS = 2_000_000
renditions_made = Signal()


def random_upload_name(instance, filename: str) -> str:
    """Return `<model name>/<random>.<extension>`: the uploader's file name says nothing."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"{instance._meta.model_name}/{uuid.uuid4().hex}{suffix}"


def validate_size(file, limit_megabytes: float) -> None:
    """Refuse an upload larger than the limit, saying both sizes."""
    if file.size > limit_megabytes * 1024 * 1024:
        raise ValidationError(
            _("The file is %(size).1f MB; the largest accepted is %(limit)d MB."),
            params={"size": file.size / 1024 / 1024, "limit": limit_megabytes},
            code="too_large",
        )


def validate_picture(file) -> None:
    """Refuse what is not a JPEG, PNG or WebP picture of sensible size, saying which rule."""
    if getattr(file, "_committed", False):
        return  # stored earlier, and checked then
    validate_size(file, MAX_UPLOAD_MEGABYTES)
    file.seek(0)
    try:
        with Image.open(file) as picture:  # reads the header only
            picture_format, (width, height) = picture.format, picture.size
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise ValidationError(
                    _(
                        "The picture is %(width)d × %(height)d pixels, more than a photo needs: "
                        "make it at most %(side)d pixels on its longer side."
                    ),
                    params={"width": width, "height": height, "side": MAX_SIDE},
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
    try:
        decoded(file)  # a file cut short passes the header's checks and fails here
    except (OSError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError(
            _("The picture is incomplete (the file was cut short): please upload it again."),
            code="truncated",
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


@contextlib.contextmanager
def whole_pictures_only() -> Iterator[None]:
    """Make Pillow refuse a picture cut short, whatever another library set: WeasyPrint, once
    imported (for badges), tells Pillow to fill the missing part with grey, for the process."""
    relaxed = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = relaxed


def decoded(file) -> Image.Image:
    """Decode a picture no bigger than the renditions need: JPEGs at a reduced scale by the
    decoder itself, others reduced once decoded (their pixel count is bounded above)."""
    picture = Image.open(file)
    picture.draft("RGB", (DECODE_SIDE, DECODE_SIDE))  # JPEG only; others ignore it
    with whole_pictures_only():
        picture.load()
    if max(picture.size) > 2 * DECODE_SIDE:
        picture = picture.reduce(max(picture.size) // DECODE_SIDE)
    return picture


def rendition_name(original_name: str, width: int) -> str:
    return f"{RENDITIONS_FOLDER}/{PurePosixPath(original_name).stem}-{width}.webp"


def ensure_renditions(original: FieldFile | str, shape: Shape = SQUARE) -> None:
    """Write the WebP renditions of an uploaded picture, unless they exist already."""
    name = original if isinstance(original, str) else original.name
    missing = [
        width for width in shape.widths if not default_storage.exists(rendition_name(name, width))
    ]
    if not missing:
        return
    try:
        with default_storage.open(name, "rb") as file, Image.open(file) as header:
            orientation = header.getexif().get(0x0112)  # kept apart: reducing drops the EXIF
        with default_storage.open(name, "rb") as file:
            picture = decoded(file)
        if orientation:
            picture.getexif()[0x0112] = orientation
        upright = ImageOps.exif_transpose(picture)
        upright = upright.convert("RGBA" if shape.pad else "RGB")
    except (OSError, Image.DecompressionBombError):
        # A lost original must not stop organisers saving the rest; pages then show no picture.
        logger.warning("Cannot read the picture %s to make its renditions", name)
        return
    for width in missing:
        size = (width, round(width / shape.aspect))
        if shape.pad:
            fitted = ImageOps.contain(upright, size, Image.Resampling.LANCZOS)
            canvas = Image.new("RGB", size, "white")
            offset = ((size[0] - fitted.width) // 2, (size[1] - fitted.height) // 2)
            canvas.paste(fitted, offset, fitted)
            rendition = canvas
        else:
            rendition = ImageOps.fit(
                upright, size, Image.Resampling.LANCZOS, centering=shape.centering
            )
        buffer = io.BytesIO()
        rendition.save(buffer, "WEBP", quality=82, method=6)
        default_storage.save(rendition_name(name, width), ContentFile(buffer.getvalue()))


def rendition_urls(original_name: str, shape: Shape = SQUARE) -> dict[int, str]:
    """Return the renditions' addresses by width, or nothing if they could not be made."""
    if not default_storage.exists(rendition_name(original_name, shape.widths[-1])):
        return {}
    return {
        width: default_storage.url(rendition_name(original_name, width)) for width in shape.widths
    }


def delete_picture_files(original_name: str) -> None:
    """Remove an uploaded picture and its renditions (replaced, cleared or its owner erased)."""
    for width in RENDITION_WIDTHS:
        default_storage.delete(rendition_name(original_name, width))
    default_storage.delete(original_name)


def save_with_renditions(instance, field_name: str, save, shape: Shape = SQUARE) -> None:
    """Save a model with an uploaded picture: renditions for a new one, old files removed."""
    previous = (
        type(instance).objects.filter(pk=instance.pk).values_list(field_name, flat=True).first()
        if instance.pk
        else None
    )
    save()
    picture = getattr(instance, field_name)
    if picture and pixels_of(picture.name) <= INLINE_PIXELS:
        ensure_renditions(picture, shape)
    elif picture and not default_storage.exists(rendition_name(picture.name, shape.widths[-1])):
        shape_name = next(key for key, known in SHAPES.items() if known == shape)
        make_renditions.enqueue(picture.name, shape_name)
    # A copied edition shares its original's picture until either gets a new one.
    shared = previous and type(instance).objects.filter(**{field_name: previous}).exists()
    if previous and previous != picture.name and not shared:
        delete_picture_files(previous)


def pixels_of(name: str) -> int:
    """Return a stored picture's pixel count, from its header (nothing is decoded)."""
    try:
        with default_storage.open(name, "rb") as file, Image.open(file) as picture:
            width, height = picture.size
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return 0  # unreadable: ensure_renditions says so
    return width * height


@task()
def make_renditions(original_name: str, shape: str) -> str:
    """Make a big picture's renditions in the worker, then let the pages show it."""
    if not default_storage.exists(original_name):
        return "gone"  # replaced or erased since
    ensure_renditions(original_name, SHAPES[shape])
    renditions_made.send(sender=make_renditions, original_name=original_name)
    return "made"
