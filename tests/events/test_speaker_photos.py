"""Organisers give speakers a photo and a bio; pages show them, and read well without."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from events.models import Speaker
from tests.factories import add_speaker, make_edition, make_session, make_speaker
from tests.helpers import errors_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def picture(size=(600, 800), image_format="JPEG", *, rotated=False) -> SimpleUploadedFile:
    """A portrait: red upper half, blue lower half; `rotated` stores it on its side with EXIF."""
    width, height = size
    image = Image.new("RGB", size, "blue")
    image.paste("red", (0, 0, width, height // 2))
    exif = Image.Exif()
    if rotated:
        image = image.rotate(90, expand=True)  # stored sideways, as phones do
        exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x010F] = "Camera maker with a location"
    buffer = io.BytesIO()
    if image_format == "GIF":
        image.save(buffer, image_format)
    else:
        image.save(buffer, image_format, exif=exif)
    suffix = image_format.lower()
    return SimpleUploadedFile(f"IMG_0001.{suffix}", buffer.getvalue(), f"image/{suffix}")


def huge_lossless_webp() -> SimpleUploadedFile:
    """A few kilobytes that declare 16,383 × 3,000 pixels (a gigabyte once decoded)."""
    buffer = io.BytesIO()
    Image.new("RGB", (16_383, 3_000), "white").save(buffer, "WEBP", lossless=True)
    return SimpleUploadedFile("tiny.webp", buffer.getvalue(), "image/webp")


def truncated_jpeg() -> SimpleUploadedFile:
    whole = picture((900, 1200)).read()
    return SimpleUploadedFile("cut.jpg", whole[: len(whole) * 2 // 3], "image/jpeg")


def speaker_form(**overrides) -> dict:
    data = {
        "name": "Layla Pavone",
        "slug": "layla-pavone",
        "job_title_en": "Board member for innovation",
        "job_title_it": "Consigliera per l'innovazione",
        "organisation": "Comune di Milano",
        "bio_en": "Works on the city's digital transformation.",
        "bio_it": "Si occupa della trasformazione digitale della città.",
        "photo_alt_en": "Portrait of Layla Pavone",
        "photo_alt_it": "Ritratto di Layla Pavone",
    }
    return data | overrides


def test_an_uploaded_photo_appears_resized_upright_and_described_in_both_languages(
    admin_client, client
):
    edition = make_edition()
    session = make_session(edition, title_en="Round table", title_it="Tavola rotonda")
    response = admin_client.post(
        reverse("admin:events_speaker_add"), speaker_form(photo=picture(rotated=True))
    )
    assert response.status_code == 302, errors_of(response)
    speaker = Speaker.objects.get()
    add_speaker(session, speaker, role="panellist")

    page = client.get(reverse("events:speakers", kwargs={"edition_slug": edition.slug}))
    html = page.content.decode()
    [img] = re.findall(r"<img [^>]*>", html)
    assert 'alt="Portrait of Layla Pavone"' in img
    assert 'width="96" height="96"' in img
    assert "Works on the city's digital transformation." in text_of(page)
    small, large = re.search(r'srcset="(\S+) 1x, (\S+) 2x"', img).groups()

    for url, width in ((small, 96), (large, 192)):
        served = client.get(url)
        assert served.status_code == 200
        assert served["Content-Type"] == "image/webp"
        assert "immutable" in served["Cache-Control"]
        rendition = Image.open(io.BytesIO(b"".join(served.streaming_content)))
        assert rendition.size == (width, width)
        assert not rendition.getexif()  # no camera data, no location
        # Upright: the red half is on top although the file was stored on its side.
        top = rendition.getpixel((width // 2, 2))
        bottom = rendition.getpixel((width // 2, width - 3))
        assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]

    # The uploaded original is never published.
    assert client.get(f"/media/{speaker.photo.name}").status_code == 404

    italian = client.get("/it" + session.get_absolute_url())
    assert 'alt="Ritratto di Layla Pavone"' in italian.content.decode()
    assert "Si occupa della trasformazione digitale della città." in text_of(italian)


def test_pages_read_well_without_a_photo(client):
    edition = make_edition()
    session = make_session(edition)
    add_speaker(session, make_speaker(name="Susy Longoni", organisation="Innovhub"))
    for url in (
        reverse("events:speakers", kwargs={"edition_slug": edition.slug}),
        session.get_absolute_url(),
    ):
        response = client.get(url)
        assert "Susy Longoni" in text_of(response)
        assert "<img " not in response.content.decode()


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (
            SimpleUploadedFile("cv.jpg", b"%PDF-1.7 not a picture", "image/jpeg"),
            "Upload a valid image.",
        ),
        (
            picture((120, 90)),
            "The picture is 120 × 90 pixels; it needs at least 200 on each side to look sharp.",
        ),
        (picture(image_format="GIF"), "GIF pictures are not accepted: upload a JPEG, PNG or WebP"),
        (
            huge_lossless_webp(),
            "The picture is 16383 × 3000 pixels, more than a photo needs: make it at most 8000",
        ),
        (truncated_jpeg(), "The picture is incomplete (the file was cut short)"),
    ],
    ids=["not a picture", "too small", "GIF", "too many pixels", "cut short"],
)
def test_a_bad_upload_gets_a_specific_error_and_saves_nothing(admin_client, upload, error):
    import weasyprint  # noqa: F401 - as in a worker that printed badges: it relaxes Pillow

    response = admin_client.post(reverse("admin:events_speaker_add"), speaker_form(photo=upload))
    assert response.status_code == 200
    assert any(message.startswith(error) for message in errors_of(response)), errors_of(response)
    assert not Speaker.objects.exists()


def test_a_photo_needs_its_description(admin_client):
    response = admin_client.post(
        reverse("admin:events_speaker_add"),
        speaker_form(photo=picture(), photo_alt_en="", photo_alt_it=""),
    )
    assert "Describe the photo for people who cannot see it." in errors_of(response)


def test_the_seeded_day_one_panels_name_their_panellists(client, milano):
    for slug, name in (
        ("panel-policy-effectiveness", "Gianluigi Viscardi"),
        ("panel-regional-models", "Christian Colombo"),
    ):
        session = milano.sessions.get(slug=slug)
        assert name in text_of(client.get(session.get_absolute_url()))


def test_replacing_or_clearing_a_photo_removes_the_old_files(admin_client, media_root):
    admin_client.post(reverse("admin:events_speaker_add"), speaker_form(photo=picture()))
    speaker = Speaker.objects.get()
    first = sorted(path.name for path in media_root.rglob("*") if path.is_file())
    assert len(first) == 3  # the upload and its two renditions
    change = reverse("admin:events_speaker_change", args=[speaker.pk])
    admin_client.post(change, speaker_form(photo=picture(rotated=True)))
    second = sorted(path.name for path in media_root.rglob("*") if path.is_file())
    assert len(second) == 3 and not set(first) & set(second)
    admin_client.post(change, speaker_form(**{"photo-clear": "on"}))
    assert [path for path in media_root.rglob("*") if path.is_file()] == []


def test_a_camera_sized_photo_is_resized_by_the_worker_and_then_shown(
    admin_client, client, run_worker
):
    edition = make_edition()
    session = make_session(edition)
    response = admin_client.post(
        reverse("admin:events_speaker_add"), speaker_form(photo=picture((1800, 2400)))
    )
    assert response.status_code == 302, errors_of(response)  # answered before any resizing
    add_speaker(session, Speaker.objects.get())
    speakers = reverse("events:speakers", kwargs={"edition_slug": edition.slug})
    assert "<img " not in client.get(speakers).content.decode()  # not made yet: no picture
    run_worker()
    [img] = re.findall(r"<img [^>]*>", client.get(speakers).content.decode())  # cache renewed
    small = re.search(r'srcset="(\S+) 1x', img).group(1)
    served = Image.open(io.BytesIO(b"".join(client.get(small).streaming_content)))
    assert served.size == (96, 96)
