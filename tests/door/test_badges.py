"""Badges and the desk list, read back from the PDF by PDFium and ZXing."""

import re

import pytest
from django.urls import reverse

from door.badges import BADGE_HEIGHT, BADGE_WIDTH, CATEGORY_COLOURS, MM, NAME_WIDTH_MM
from registrations.models import Category
from registrations.passes import pass_payload
from tests.door.conftest import door_url, signed_in
from tests.helpers import file_made_by_the_worker, page_text, pdf_pages, qr_codes_in, text_of

pytestmark = pytest.mark.django_db

NAME_LEFT_MM, NAME_TOP_MM, NAME_HEIGHT_MM = 3, 9.5, 21
ORGANISATION_TOP_MM, ORGANISATION_HEIGHT_MM = 31.5, 8.5
CODE_LEFT_MM = 61.5
AWKWARD = [
    ("Maria Dolores", "Fernández de Córdoba y Ruiz-Picasso"),
    ("Σωκράτης", "Παπαδόπουλος-Κωνσταντινίδης"),
    ("Стефан", "Димитров-Христов"),
    ("Hubert", "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft"),
    ("Ng", "Li"),
]


def fetch(client, edition, run_worker, name: str, **params) -> bytes:
    response = client.get(door_url(edition, name), params)
    return file_made_by_the_worker(client, response, run_worker)


def test_a4_sheets_hold_ten_badges_each_alphabetical_with_cut_marks(
    run_worker, door, edition, attendee
):
    for number in range(12):
        attendee(first_name=f"Person{number:02}", last_name=f"Surname{number:02}")
    attendee(first_name="Pending", last_name="Nobody", status="pending")

    pages = pdf_pages(fetch(door, edition, run_worker, "badges", layout="sheets"))

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


def test_one_badge_a_page_with_its_colour_band_in_the_language_chosen(
    run_worker, door, edition, attendee
):
    attendee(
        first_name="Anna", last_name="Bianchi", category=Category.REGIONAL_AUTHORITY, language="it"
    )
    attendee(first_name="Bob", last_name="Cole", category=Category.COMPANY, country="IE")

    pages = pdf_pages(fetch(door, edition, run_worker, "badges", layout="single", language="en"))

    assert len(pages) == 2
    width, height = pages[0].get_size()
    assert (round(width / MM), round(height / MM)) == (BADGE_WIDTH, BADGE_HEIGHT)
    anna, bob = page_text(pages[0]), page_text(pages[1])
    assert "Anna\r\nBianchi" in anna
    # One language for the whole print, whatever each person's: one desk reads the sheet.
    assert "Italy" in anna and "Regional or local authority" in anna
    assert "Ireland" in bob and "Company" in bob
    italian = pdf_pages(fetch(door, edition, run_worker, "badges", layout="single", language="it"))
    assert "Italia" in page_text(italian[0]) and "Ente regionale o locale" in page_text(italian[0])
    assert "Irlanda" in page_text(italian[1]) and "Impresa" in page_text(italian[1])
    for page, category in ((pages[0], Category.REGIONAL_AUTHORITY), (pages[1], Category.COMPANY)):
        image = page.render(scale=4).to_pil().convert("RGB")
        band = image.getpixel((image.width - 8, image.height - 6))
        expected = CATEGORY_COLOURS[category][0]
        assert "#{:02x}{:02x}{:02x}".format(*band) == expected


@pytest.mark.parametrize(("first_name", "last_name"), AWKWARD)
def test_awkward_names_fit_inside_the_name_box(
    run_worker, door, edition, attendee, first_name, last_name
):
    attendee(first_name=first_name, last_name=last_name, organisation="Università degli Studi")
    [page] = pdf_pages(fetch(door, edition, run_worker, "badges", layout="single"))
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


def chars_of(page, wanted: str) -> list[tuple[float, float, float, float]]:
    """Return the boxes (left, bottom, right, top, in points) of `wanted`'s characters, found
    whatever the line breaks between them."""
    text_page = page.get_textpage()
    text = text_page.get_text_range()
    inked = [(index, character) for index, character in enumerate(text) if not character.isspace()]
    letters = "".join(character for _index, character in inked)
    target = "".join(wanted.split())
    start = letters.index(target)
    return [text_page.get_charbox(index) for index, _c in inked[start : start + len(target)]]


LONG_ORGANISATION = (
    "Consorzio Interuniversitario Nazionale per la Scienza e Tecnologia dei Materiali, "
    "sede di Milano"
)


@pytest.mark.parametrize(
    ("organisation", "whole"),
    [(LONG_ORGANISATION, True), ("Agenzia " * 20 + "Lombardia", False)],
)
def test_a_long_organisation_stays_whole_above_the_country(
    run_worker, door, edition, attendee, organisation, whole
):
    attendee(first_name="Anna", last_name="Bianchi", organisation=organisation, country="RO")
    [page] = pdf_pages(fetch(door, edition, run_worker, "badges", layout="single", language="en"))
    text = page_text(page).replace("\r\n", " ")
    _width, height = page.get_size()
    [country_box] = chars_of(page, "Romania")[:1]
    country_top = country_box[3]
    shown = text[text.index("Consorzio" if whole else "Agenzia") : text.index("Romania")].strip()
    if whole:
        assert shown == organisation  # every word, none behind the country
    else:
        assert shown.endswith("…") and len(shown) < len(organisation)  # visibly shortened
    box_bottom = height - (ORGANISATION_TOP_MM + ORGANISATION_HEIGHT_MM) * MM
    for _left, bottom, right, _top in chars_of(page, shown):
        assert bottom >= country_top - 0.5, "the organisation runs into the country"
        assert bottom >= box_bottom - 0.5, "a line of the organisation is cut off"
        assert right <= (NAME_LEFT_MM + NAME_WIDTH_MM) * MM + 0.5


def test_stacked_marks_stay_inside_the_badge(run_worker, door, edition, attendee):
    zalgo = "Z\u0337\u0322\u031b\u0356\u0329\u0353\u031e\u0344\u030c\u0306oe"
    attendee(first_name=zalgo, last_name="Bianchi")
    [page] = pdf_pages(fetch(door, edition, run_worker, "badges", layout="single", language="en"))
    text = page_text(page)
    assert "Z\u0337\u0322oe" in text  # two marks kept, the pile dropped
    image = page.render(scale=6).to_pil().convert("L")
    per_mm = image.width / BADGE_WIDTH
    # Nothing drawn in the band between the edition's title and the name's box.
    rows = range(int(7.3 * per_mm), int(8.8 * per_mm))
    assert min(image.getpixel((x, y)) for x in range(image.width) for y in rows) > 200


def test_chinese_names_and_emoji_print_with_real_glyphs(run_worker, door, edition, attendee):
    attendee(first_name="小明", last_name="王", organisation="北京中关村 🚀")
    [page] = pdf_pages(fetch(door, edition, run_worker, "badges", layout="single", language="en"))
    text = page_text(page)
    assert "小明\r\n王" in text and "北京中关村" in text
    fonts = font_names(page, "小明王北京")
    assert all("CJK" in name for name in fonts), fonts  # a font that has them, not DejaVu's boxes
    # The emoji is drawn in colour (a box would be black): colour in the organisation's line.
    _left, bottom, right, top = chars_of(page, "北京中关村")[-1]
    image = page.render(scale=4).to_pil().convert("RGB")
    _width, height = page.get_size()
    per_point = image.width / page.get_size()[0]
    area = [
        image.getpixel((int(x), int(y)))
        for x in range(int(right * per_point), int((right + 30) * per_point))
        for y in range(int((height - top) * per_point), int((height - bottom) * per_point))
    ]
    assert any(max(pixel) - min(pixel) > 80 for pixel in area)


def test_a_name_no_font_can_draw_is_left_to_write_by_hand(run_worker, door, edition, attendee):
    attendee(first_name="\U0010fffd\U0010fffe", last_name="Bianchi", organisation="AFIL")
    [page] = pdf_pages(fetch(door, edition, run_worker, "badges", layout="single", language="it"))
    text = page_text(page).replace("\r\n", " ")
    assert "Il nome non si può stampare: scrivetelo qui a mano." in text
    assert "\U0010fffd" not in text and "AFIL" in text


def font_names(page, characters: str) -> list[str]:
    """Return the name of the font PDFium finds drawing each of `characters`."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    text_page = page.get_textpage()
    text = text_page.get_text_range()
    names = []
    for character in characters:
        index = text.index(character)
        buffer = ctypes.create_string_buffer(200)
        flags = ctypes.c_int()
        pdfium_c.FPDFText_GetFontInfo(text_page.raw, index, buffer, 200, ctypes.byref(flags))
        names.append(buffer.value.decode())
    return names


def test_the_desk_list_is_alphabetical_with_a_box_per_day_and_the_needs(
    run_worker, door, edition, attendee
):
    attendee(first_name="Zeno", last_name="Zanetti", days=edition.days)
    attendee(first_name="Ada", last_name="Abate", dietary_requirements="Gluten-free")
    organisation = "Asociația Clusterul Regional Inovativ de Imagistică Moleculară"
    attendee(first_name="Ioana", last_name="Bogdan", country="RO", organisation=organisation)
    for number in range(60):
        attendee(first_name="Many", last_name=f"Moretti{number:02}")

    pages = pdf_pages(fetch(door, edition, run_worker, "desk_list"))

    assert len(pages) >= 2
    text = "".join(page_text(page) for page in pages)
    assert (
        text.index("Abate")
        < text.index("Moretti00")
        < text.index("Moretti59")
        < text.index("Zanetti")
    )
    assert "63 confirmed participants" in text
    assert "Romania" in text  # a country's name is never broken inside a word
    assert "Dietary: Gluten-free" in " ".join(text.split())
    assert page_text(pages[1]).count("Organisation") == 1  # the header on every page
    assert f"2 / {len(pages)}" in page_text(pages[1])


def test_organisers_print_badges_of_a_selection_in_the_admin(
    edition, attendee, organiser, run_worker
):
    chosen = [attendee(last_name=f"Chosen{number}") for number in range(3)]
    attendee(last_name="Other")
    waiting = attendee(last_name="Waiting", status="waiting")
    client = signed_in(organiser)
    response = client.post(
        reverse("admin:registrations_registration_changelist"),
        {
            "action": "print_single_badges",
            "_selected_action": [person.pk for person in [*chosen, waiting]],
        },
    )
    pages = pdf_pages(file_made_by_the_worker(client, response, run_worker))
    assert len(pages) == 3
    assert all(f"Chosen{number}" in page_text(pages[number]) for number in range(3))


def test_the_door_page_links_both_badge_layouts(door, edition, attendee, run_worker):
    attendee(first_name="Only", last_name="One")
    page = door.get(door_url(edition)).content.decode()
    found = re.findall(r'<a href="([^"]+/badges\.pdf[^"]*)" lang="[a-z]+">([^<]+)</a>', page)
    links = [href.replace("&amp;", "&") for href, _label in found]
    assert [label for _href, label in found] == ["English", "Italiano"] * 2
    text = text_of(door.get(door_url(edition)))
    assert "Badges, A4 sheets (PDF): English · Italiano" in text
    assert "Badges, one a page (PDF): English · Italiano" in text
    pdfs = [
        pdf_pages(file_made_by_the_worker(door, door.get(href), run_worker))[0] for href in links
    ]
    sizes = [[round(side) for side in page.get_size()] for page in pdfs]
    assert sizes == [[595, 842], [595, 842], [255, 153], [255, 153]]
    assert ["Italy" in page_text(page) for page in pdfs] == [True, False, True, False]
