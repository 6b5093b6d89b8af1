"""Evidence for funders: signature sheets, the participant list, certificates that verify; and
the public figures counted from the data."""

import re
from io import BytesIO

from openpyxl import load_workbook

from tests.factories import add_speaker, make_speaker
from tests.helpers import file_made_by_the_worker, page_text, pdf_pages, qr_codes_in, text_of


def test_signature_sheets_list_everyone_of_the_day_alphabetically_with_a_header_on_each_page(
    run_worker, admin_client, finished, person, evaluation
):
    evaluation.project_name = "ECCP Interregional Cooperation"
    evaluation.funding_line = "Funded by the Single Market Programme"
    evaluation.save()
    for number in range(45):
        person(first_name=f"Name{number:02d}", last_name=f"Zeta{number:02d}", came=())
    person(first_name="Aldo", last_name="Abate", came=())
    session = finished.sessions.order_by("starts_at").first()
    add_speaker(session, make_speaker(name="Maria Speaker", organisation="Regione Lombardia"))
    day = finished.days[0]
    response = admin_client.get(f"/admin/outcomes/{finished.pk}/signatures/{day}.pdf")
    pages = pdf_pages(file_made_by_the_worker(admin_client, response, run_worker))
    assert len(pages) >= 2
    texts = [page_text(page) for page in pages]
    for number, text in enumerate(texts, start=1):
        assert "Attendance list" in text and finished.title in text
        assert "Funded by the Single Market Programme" in text
        assert f"Page {number} / {len(pages)}" in text
    everything = " ".join(texts)
    names = re.findall(r"(Abate|Speaker|Zeta\d\d)", everything)
    assert names == sorted(names, key=str.casefold) and names[0] == "Abate"
    assert "Speaker" in names and "Regione Lombardia" in everything
    assert len([n for n in names if n.startswith("Zeta")]) == 45
    assert (
        admin_client.get(f"/admin/outcomes/{finished.pk}/signatures/1999-01-01.pdf").status_code
        == 404
    )
    assert admin_client.get(f"/admin/outcomes/{finished.pk}/signatures/²².pdf").status_code == 404


def test_the_participant_list_for_the_funder(run_worker, admin_client, finished, person):
    person(
        first_name="Ieva",
        last_name="Kazlauskienė",
        job_title="Cluster manager",
        country="LT",
        came=(0, 1),
    )
    response = admin_client.get(f"/admin/outcomes/{finished.pk}/participants.xlsx")
    content = file_made_by_the_worker(admin_client, response, run_worker)
    rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Last name",
        "First name",
        "Function",
        "Organisation",
        "Country",
        "Days attended",
    )
    [ieva] = [row for row in rows if row[0] == "Kazlauskienė"]
    assert ieva[1:6] == (
        "Ieva",
        "Cluster manager",
        "AFIL",
        "Lithuania",
        ", ".join(d.isoformat() for d in finished.days),
    )


def test_a_certificate_verifies_and_a_forged_or_changed_one_does_not(client, finished, person):
    giulia = person(first_name="Giulia", last_name="Verdi", language="it", came=(0, 1))
    pdf = client.get(f"/{finished.slug}/my-registration/{giulia.manage_token}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    [page] = pdf_pages(pdf.content)
    text = page_text(page)
    assert "Attestato di partecipazione" in text and "Giulia Verdi" in text
    image = page.render(scale=3).to_pil()
    [address] = qr_codes_in(image)
    assert address in text.replace("\r\n", "").replace("\n", "")
    path = (
        address.split("testserver", 1)[-1]
        if "testserver" in address
        else re.sub(r"^https?://[^/]+", "", address)
    )
    genuine = client.get(path)
    assert "Questo attestato è autentico." in text_of(genuine) and "Giulia Verdi" in text_of(
        genuine
    )
    assert giulia.email not in genuine.content.decode() and "AFIL" not in text_of(genuine)
    forged = path.replace(path.rstrip("/").rsplit("-", 1)[1], "0" * 24)
    assert client.get(forged).status_code == 404
    someone_else = path.replace(f"/{giulia.pk}-", f"/{giulia.pk + 1}-")
    assert client.get(someone_else).status_code == 404
    giulia.check_ins.filter(day=finished.days[1]).delete()  # a day taken back
    assert "non è un attestato autentico" in text_of(client.get(path))
    stayed_home = person(came=())
    assert "Il mio attestato di partecipazione (PDF)" in text_of(client.get(giulia.manage_url()))
    assert "My certificate of attendance" not in text_of(client.get(stayed_home.manage_url()))
    assert (
        client.get(
            f"/{finished.slug}/my-registration/{stayed_home.manage_token}/certificate.pdf"
        ).status_code
        == 404
    )


def test_public_figures_come_from_the_data(client, finished, person, meet):
    people = [person(country=country) for country in ("IT", "IT", "FR", "DE")]
    meet(people[0], people[2])
    edition_page = text_of(client.get(finished.get_absolute_url()))
    assert "4 participants" in edition_page and "3 countries" in edition_page
    series = text_of(client.get("/editions/figures/"))
    assert finished.title in series and "Every edition in figures" in series
    assert "All editions 4 3" in series  # the totals: participants, countries
    italian = text_of(client.get("/it/editions/figures/"))
    assert "Tutte le edizioni in cifre" in italian
    finished.participant_count = 999  # a figure typed by hand does not win over the data
    finished.save()
    assert "999" not in text_of(client.get(finished.get_absolute_url()))


def test_everyones_certificate_in_one_zip_made_by_the_worker(
    admin_client, finished, person, run_worker
):
    import zipfile

    person(first_name="Ieva", last_name="Kazlauskienė", came=(0,))
    person(first_name="Giulia", last_name="Bassi", came=(0, 1), language="it")
    person(first_name="Stayed", last_name="Home", came=())
    response = admin_client.get(f"/admin/outcomes/{finished.pk}/certificates.zip")
    archive = zipfile.ZipFile(BytesIO(file_made_by_the_worker(admin_client, response, run_worker)))
    names = sorted(archive.namelist())
    assert [name.rsplit("-", 1)[0] for name in names] == ["bassi-giulia", "kazlauskiene-ieva"]
    texts = {name: page_text(pdf_pages(archive.read(name))[0]) for name in names}
    giulia = next(text for name, text in texts.items() if name.startswith("bassi"))
    ieva = next(text for name, text in texts.items() if name.startswith("kazlauskiene"))
    assert "Giulia Bassi" in giulia and "Attestato di partecipazione" in giulia  # her language
    assert "Certificate of attendance" in ieva
