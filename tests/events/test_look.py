"""Each edition's look: its accent colour (contrast checked), header image, pages, share images."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from common.colours import DARK_BACKGROUND, contrast
from events.models import EditionPage, Organisation
from tests.factories import make_edition, make_session
from tests.helpers import SITE_URL, errors_of, form_data, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def change_edition(admin_client, edition, **changes):
    url = reverse("admin:events_edition_change", args=[edition.pk])
    data = form_data(admin_client.get(url).content.decode(), "edition_form") | changes
    return admin_client.post(url, data)


def picture(size=(1600, 600), colour="green") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile("header.jpg", buffer.getvalue(), "image/jpeg")


def test_an_accent_failing_wcag_aa_is_refused_with_its_measured_ratio(admin_client):
    edition = make_edition()
    refused = change_edition(admin_client, edition, accent_colour="#ffd23f")
    assert refused.status_code == 200
    assert errors_of(refused) == [
        "#ffd23f has a contrast of 1.32:1 with the pages' light panels; WCAG AA needs at least "
        "4.5:1 for text. Choose a darker colour."
    ]
    assert change_edition(admin_client, edition, accent_colour="0b3d91").status_code == 200
    edition.refresh_from_db()
    assert edition.accent_colour == "#0b3d91"

    accepted = change_edition(admin_client, edition, accent_colour="#7a1f5c")
    assert accepted.status_code == 302
    edition.refresh_from_db()
    assert edition.accent_colour == "#7a1f5c"


def test_the_edition_theme_carries_the_accent_and_a_dark_mode_shade_that_holds_aa(client):
    edition = make_edition(accent_colour="#7a1f5c")
    page = client.get(edition.get_absolute_url()).content.decode()
    [theme_url] = re.findall(r'<link rel="stylesheet" href="(/[^"]+/theme\.css\?v=\w+)">', page)
    response = client.get(theme_url)
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    css = response.content.decode()
    assert "--cmr-accent: #7a1f5c;" in css
    assert "--cmr-accent-rgb: 122, 31, 92;" in css
    [dark] = re.findall(r"--cmr-link: (#[0-9a-f]{6});", css)
    assert contrast(dark, DARK_BACKGROUND) >= 4.5
    assert contrast("#7a1f5c", DARK_BACKGROUND) < 4.5  # the accent itself would fail there
    # A new colour is a new address: browsers never keep the old look.
    edition.accent_colour = "#0b3d91"
    edition.save()
    assert theme_url not in client.get(edition.get_absolute_url()).content.decode()


def test_a_header_image_is_served_as_darkened_wide_renditions_never_the_original(
    admin_client, client
):
    edition = make_edition()
    url = reverse("admin:events_edition_change", args=[edition.pk])
    data = form_data(admin_client.get(url).content.decode(), "edition_form")
    data["header_image"] = picture()
    assert admin_client.post(url, data).status_code == 302
    edition.refresh_from_db()
    page = client.get(edition.get_absolute_url()).content.decode()
    theme = client.get(re.search(r'href="(/[^"]+/theme\.css[^"]*)"', page).group(1))
    css = theme.content.decode()
    assert "rgba(0, 0, 0, .55)" in css
    renditions = re.findall(r'url\("(/media/renditions/[0-9a-f]{32}-(\d+)\.webp)"\)', css)
    assert [width for _url, width in renditions] == ["800", "1600"]
    for rendition, width in renditions:
        served = client.get(rendition)
        image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
        assert (image.format, image.size) == ("WEBP", (int(width), round(int(width) / 3.2)))
    assert client.get(f"/media/{edition.header_image.name}").status_code == 404


def test_legal_privacy_and_accessibility_pages_in_the_footer_in_both_languages(client):
    edition = make_edition()
    footer = text_of(client.get(edition.get_absolute_url())).split("All editions")[-1]
    assert footer.strip().startswith("Legal notice Privacy notice Accessibility statement")
    legal = text_of(client.get(f"/{edition.slug}/legal-notice/"))
    assert (
        "Clusters meet Regions is published by European Cluster Collaboration Platform (ECCP)"
        in legal
    )
    accessibility = text_of(client.get(f"/it/{edition.slug}/accessibility/"))
    assert "Dichiarazione di accessibilità" in accessibility
    assert "WCAG" in accessibility

    EditionPage.objects.create(
        edition=edition,
        kind=EditionPage.Kind.LEGAL,
        body_en="Published by Regione Lombardia.\n\nVAT 80050050154.",
        body_it="Pubblicato da Regione Lombardia.\n\nP. IVA 80050050154.",
    )
    EditionPage.objects.create(
        edition=edition,
        kind=EditionPage.Kind.PRIVACY,
        body_en="Photos are taken during the event.",
        body_it="Durante l'evento si scattano fotografie.",
    )
    assert "Pubblicato da Regione Lombardia. P. IVA" in text_of(
        client.get(f"/it/{edition.slug}/legal-notice/")
    )
    privacy = text_of(client.get(f"/{edition.slug}/privacy/"))
    assert "More from the organisers Photos are taken during the event." in privacy
    assert "The data controller for registrations is" in privacy  # the standard text stays


def test_share_images_are_drawn_from_the_editions_data(client):
    edition = make_edition(accent_colour="#7a1f5c", title="Clusters meet Regions – Vilnius 2025")
    session = make_session(edition, title="Pitching session", slug="pitching")
    page = client.get(edition.get_absolute_url()).content.decode()
    [image_url] = re.findall(r'<meta property="og:image" content="([^"]+)">', page)
    assert image_url.startswith(f"{SITE_URL}/{edition.slug}/share.png")
    assert '<meta name="twitter:card" content="summary_large_image">' in page

    edition_png = client.get(image_url.removeprefix(SITE_URL))
    assert edition_png["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(edition_png.content)).convert("RGB")
    assert image.size == (1200, 630)
    assert image.getpixel((1190, 300)) == (0x7A, 0x1F, 0x5C)  # the accent
    assert image.getpixel((600, 625)) == (255, 210, 63)  # the highlight band

    session_page = client.get(session.get_absolute_url()).content.decode()
    [session_url] = re.findall(r'<meta property="og:image" content="([^"]+)">', session_page)
    session_png = Image.open(io.BytesIO(client.get(session_url.removeprefix(SITE_URL)).content))
    assert session_png.size == (1200, 630)
    assert session_png.tobytes() != image.tobytes()  # a card of its own


def test_organisers_logos_appear_in_the_strip_with_their_description(admin_client, client):
    edition = make_edition()
    organisation = Organisation.objects.create(name="AFIL", url="https://www.afil.it/")
    edition.partnerships.create(organisation=organisation, role="organiser")
    url = reverse("admin:events_organisation_change", args=[organisation.pk])
    data = form_data(admin_client.get(url).content.decode(), "organisation_form")
    data["logo"] = picture((400, 400), "white")
    refused = admin_client.post(url, data)
    assert errors_of(refused) == [
        "Describe the logo for those who cannot see it (logo description)."
    ]
    data["logo"] = picture((400, 400), "white")
    data |= {"logo_alt_en": "AFIL logo", "logo_alt_it": "Logo di AFIL"}
    assert admin_client.post(url, data).status_code == 302
    html = client.get(f"/it/{edition.slug}/").content.decode()
    [image] = re.findall(
        r'<img src="(/media/renditions/[^"]+-160\.webp)"[^>]*alt="Logo di AFIL"', html
    )
    logo = Image.open(io.BytesIO(b"".join(client.get(image).streaming_content)))
    assert logo.size == (160, 80)
