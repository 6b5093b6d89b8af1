"""Badges and the desk list, read back from the PDF by PDFium and ZXing."""

import re

import pytest
from django.urls import reverse

from door.badges import BADGE_HEIGHT, BADGE_WIDTH, CATEGORY_COLOURS, MM, NAME_WIDTH_MM
from registrations.models import Category
from registrations.passes import pass_payload
from tests.door.conftest import door_url, signed_in
from tests.helpers import page_text, pdf_pages, qr_codes_in

pytestmark = pytest.mark.django_db

NAME_LEFT_MM, NAME_TOP_MM, NAME_HEIGHT_MM = 3, 9.5, 21
CODE_LEFT_MM = 61.5
AWKWARD = [
    ("Maria Dolores", "Fernández de Córdoba y Ruiz-Picasso"),
    ("Σωκράτης", "Παπαδόπουλος-Κωνσταντινίδης"),
    ("Стефан", "Димитров-Христов"),
    ("Hubert", "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft"),
    ("Ng", "Li"),
]


def fetch(client, edition, name: str, **params) -> bytes:
    response = client.get(door_url(edition, name), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_a4_sheets_hold_ten_badges_each_alphabetical_with_cut_marks(door, edition, attendee):
    for number in range(12):
        attendee(first_name=f"Person{number:02}", last_name=f"Surname{number:02}")
    attendee(first_name="Pending", last_name="Nobody", status="pending")

    pages = pdf_pages(fetch(door, edition, "badges", layout="sheets"))

    assert len(pages) == 2
    assert [round(side) for side in pages[0].get_size()] == [595, 842]  # A4 in points
    first, second = page_text(pages[0]), page_text(pages[1])
    assert [f"Surname{n:02}" in first for n in range(12)] == [True] * 10 + [False] * 2
    assert "Surname10" in second and "Surname11" in second
    assert "Nobody" not in first + second
    assert first.count("AFIL") == 10 and first.count("Italy") == 10
    # Each badge's QR code is the person's pass; PDFium renders, ZXing reads.
    codes = qr_codes_in(pages[1].render(scale=4).to_pil())
    assert sorted(codes) == sorted(
        pass_payload(r)
        for r in edition.registrations.filter(last_name__in=["Surname10", "Surname11"])
    )
    # Cut marks: ink in the margin, on the line between the two columns, nowhere else there.
    image = pages[0].render(scale=4).to_pil().convert("L")
    per_mm = image.width / 210
    between_columns = int(105 * per_mm)
    top_margin = [image.getpixel((between_columns + dx, int(8 * per_mm))) for dx in (-1, 0, 1)]
    assert min(top_margin) < 100
    assert image.getpixel((int(60 * per_mm), int(8 * per_mm))) > 200


def test_one_badge_a_page_with_its_colour_band_and_language(door, edition, attendee):
    attendee(
        first_name="Anna", last_name="Bianchi", category=Category.REGIONAL_AUTHORITY, language="it"
    )
    attendee(first_name="Bob", last_name="Cole", category=Category.COMPANY, country="IE")

    pages = pdf_pages(fetch(door, edition, "badges", layout="single"))

    assert len(pages) == 2
    width, height = pages[0].get_size()
    assert (round(width / MM), round(height / MM)) == (BADGE_WIDTH, BADGE_HEIGHT)
    anna, bob = page_text(pages[0]), page_text(pages[1])
    assert "Anna\r\nBianchi" in anna
    assert "Italia" in anna and "Ente regionale o locale" in anna  # her language
    assert "Ireland" in bob and "Company" in bob
    for page, category in ((pages[0], Category.REGIONAL_AUTHORITY), (pages[1], Category.COMPANY)):
        image = page.render(scale=4).to_pil().convert("RGB")
        band = image.getpixel((image.width - 8, image.height - 6))
        expected = CATEGORY_COLOURS[category][0]
        assert "#{:02x}{:02x}{:02x}".format(*band) == expected


@pytest.mark.parametrize(("first_name", "last_name"), AWKWARD)
def test_awkward_names_fit_inside_the_name_box(door, edition, attendee, first_name, last_name):
    attendee(first_name=first_name, last_name=last_name, organisation="Università degli Studi")
    [page] = pdf_pages(fetch(door, edition, "badges", layout="single"))
    text_page = page.get_textpage()
    text = text_page.get_text_range()
    _width, page_height = page.get_size()
    name_chars = []
    for line in (first_name, last_name):
        # A line too long for the box wraps: look for its first word.
        start = text.index(line.split()[0][:12])
        name_chars += range(start, start + len(line))
    box_left, box_right = NAME_LEFT_MM * MM, (NAME_LEFT_MM + NAME_WIDTH_MM) * MM
    box_top = page_height - NAME_TOP_MM * MM
    box_bottom = box_top - NAME_HEIGHT_MM * MM
    for index in name_chars:
        if text[index].isspace():
            continue
        left, bottom, right, top = text_page.get_charbox(index)
        assert box_left - 0.5 <= left and right <= box_right + 0.5, (text[index], left, right)
        assert box_bottom - 0.5 <= bottom and top <= box_top + 0.5, (text[index], bottom, top)
    # On the rendered page, no ink between the name's box and the QR code.
    image = page.render(scale=6).to_pil().convert("L")
    per_mm = image.width / BADGE_WIDTH
    gap = range(int((NAME_LEFT_MM + NAME_WIDTH_MM + 0.3) * per_mm), int(CODE_LEFT_MM * per_mm))
    rows = range(int(NAME_TOP_MM * per_mm), int((NAME_TOP_MM + NAME_HEIGHT_MM) * per_mm))
    assert min(image.getpixel((x, y)) for x in gap for y in rows) > 200
    assert qr_codes_in(image) != []


def test_the_desk_list_is_alphabetical_with_a_box_per_day_and_the_needs(door, edition, attendee):
    attendee(first_name="Zeno", last_name="Zanetti", days=edition.days)
    attendee(first_name="Ada", last_name="Abate", dietary_requirements="Gluten-free")
    for number in range(60):
        attendee(first_name="Many", last_name=f"Moretti{number:02}")

    pages = pdf_pages(fetch(door, edition, "desk_list"))

    assert len(pages) >= 2
    text = "".join(page_text(page) for page in pages)
    assert (
        text.index("Abate")
        < text.index("Moretti00")
        < text.index("Moretti59")
        < text.index("Zanetti")
    )
    assert "62 confirmed participants" in text
    assert "Dietary: Gluten-free" in text
    assert page_text(pages[1]).count("Organisation") == 1  # the header on every page
    assert f"2 / {len(pages)}" in page_text(pages[1])


def test_organisers_print_badges_of_a_selection_in_the_admin(edition, attendee, organiser):
    chosen = [attendee(last_name=f"Chosen{number}") for number in range(3)]
    attendee(last_name="Other")
    waiting = attendee(last_name="Waiting", status="waiting")
    response = signed_in(organiser).post(
        reverse("admin:registrations_registration_changelist"),
        {
            "action": "print_single_badges",
            "_selected_action": [person.pk for person in [*chosen, waiting]],
        },
    )
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert len(pages) == 3
    assert all(f"Chosen{number}" in page_text(pages[number]) for number in range(3))


def test_the_door_page_links_both_badge_layouts(door, edition, attendee):
    attendee(first_name="Only", last_name="One")
    page = door.get(door_url(edition)).content.decode()
    found = re.findall(r'<a href="([^"]+/badges\.pdf[^"]*)">([^<]+)</a>', page)
    links = {label: href.replace("&amp;", "&") for href, label in found}
    assert list(links) == ["Badges, A4 sheets (PDF)", "Badges, one a page (PDF)"]
    sizes = [
        [round(side) for side in pdf_pages(door.get(href).content)[0].get_size()]
        for href in links.values()
    ]
    assert sizes == [[595, 842], [255, 153]]
