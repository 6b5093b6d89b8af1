"""Two participants find each other in the participants' area, one of them in Italian."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import open_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register(page, edition, prefix: str, person: dict, run_worker) -> str:
    """Fill in the form as a person does; return the emailed confirmation link's path."""
    page.goto(f"{prefix}/{edition.slug}/register/")
    page.fill("#id_first_name", person["first_name"])
    page.fill("#id_last_name", person["last_name"])
    page.fill("#id_email", person["email"])
    page.fill("#id_organisation", person["organisation"])
    page.select_option("#id_country", person["country"])
    page.select_option("#id_category", person["category"])
    page.check("#id_days_0")
    page.check("#id_privacy_consent")
    page.locator(".registration-form input[type=submit]").click()
    page.wait_for_url("**/register/check-your-email/")
    run_worker()
    body = mail.outbox[-1].body
    return urlsplit(re.search(r"https?://\S+/register/confirm/\S+/", body)[0]).path


def fill_profile(page, *, sector_label: str, about: str, save: str) -> None:
    page.check("#id_listed")
    page.check("#id_open_to_meetings")
    page.get_by_label(sector_label, exact=True).check()
    page.fill("#id_about", about)
    page.get_by_role("button", name=save).click()


def directory_names(page) -> list[str]:
    return page.locator(".profile-card h2").all_inner_texts()


def test_two_participants_find_each_other_and_a_withdrawn_one_disappears(
    open_page, run_worker, ecosystem_sectors
):
    edition = open_edition(title_en="Clusters meet Regions – Milan 2027")

    # Ieva, in English on a desktop, signs in with a one-time link she asks for.
    ieva = open_page("/", device=DESKTOP)
    confirm = register(
        ieva,
        edition,
        "",
        {
            "first_name": "Ieva",
            "last_name": "Kazlauskaitė",
            "email": "ieva@example.lt",
            "organisation": "Hydrogen Valley Lithuania",
            "country": "LT",
            "category": "cluster",
        },
        run_worker,
    )
    ieva.goto(confirm)
    ieva.get_by_role("button", name="Confirm my registration").click()
    ieva.wait_for_url("**/my-registration/**")
    ieva.context.clear_cookies()  # as on another device: not signed in
    ieva.goto(f"/{edition.slug}/participants/")
    ieva.get_by_label("The email address you registered with").fill("ieva@example.lt")
    ieva.get_by_role("button", name="Email me a sign-in link").click()
    assert "Check your email" in ieva.get_by_role("heading", level=1).inner_text()
    run_worker()
    link = re.search(r"https?://\S+/participants/sign-in/\S+/", mail.outbox[-1].body)[0]
    ieva.goto(urlsplit(link).path)
    ieva.get_by_role("button", name="Sign in").click()
    ieva.wait_for_url(f"**/{edition.slug}/participants/")
    ieva.get_by_role("link", name="Edit my profile").click()
    fill_profile(
        ieva,
        sector_label="Renewable energy",
        about="We run pilot sites for hydrogen logistics in Baltic ports.",
        save="Save my profile",
    )
    assert "Your profile is saved; it is in the directory." in ieva.inner_text("main")

    # Marco, in Italian on a phone, signs in with the link of his registration.
    marco = open_page("/it/", device=PHONE)
    confirm = register(
        marco,
        edition,
        "/it",
        {
            "first_name": "Marco",
            "last_name": "Colombo",
            "email": "marco@example.it",
            "organisation": "Cluster Lombardo della Mobilità",
            "country": "IT",
            "category": "cluster",
        },
        run_worker,
    )
    marco.goto(confirm)
    marco.get_by_role("button", name="Conferma la mia iscrizione").click()
    marco.wait_for_url("**/it/**/my-registration/**")
    with marco.expect_navigation():  # a button: only pressing it signs the browser in
        marco.get_by_role("button", name="Apri l'area partecipanti").click()
    marco.get_by_role("link", name="Modifica il mio profilo").click()
    fill_profile(
        marco,
        sector_label="Mobilità, trasporti e automotive",
        about="Riuniamo le imprese lombarde della logistica e cerchiamo partner europei.",
        save="Salva il mio profilo",
    )
    assert "è nell'elenco dei partecipanti" in marco.inner_text("main")
    assert marco.evaluate("document.documentElement.scrollWidth") <= 360

    # Marco finds Ieva by a filter and by a keyword.
    marco.get_by_role("link", name="Elenco").click()
    marco.locator("summary").click()
    marco.select_option("#id_country", "LT")
    with marco.expect_navigation():
        marco.get_by_role("button", name="Mostra").click()
    assert "country=LT" in marco.url
    assert directory_names(marco) == ["Ieva Kazlauskaitė"]
    assert marco.evaluate("document.documentElement.scrollWidth") <= 360
    marco.goto(f"/it/{edition.slug}/participants/directory/?q=hydrogen+port")
    assert directory_names(marco) == ["Ieva Kazlauskaitė"]

    # Ieva finds Marco by a keyword in his Italian text ("impresa" finds "imprese").
    ieva.goto(f"/{edition.slug}/participants/directory/")
    ieva.locator("summary").click()
    ieva.get_by_label("Keywords").fill("impresa logistica")
    with ieva.expect_navigation():
        ieva.get_by_role("button", name="Show").click()
    assert "q=impresa+logistica" in ieva.url
    assert directory_names(ieva) == ["Marco Colombo"]
    ieva.get_by_label("Keywords").fill("")
    ieva.get_by_label("Country").select_option("IT")
    with ieva.expect_navigation():
        ieva.get_by_role("button", name="Show").click()
    assert "country=IT" in ieva.url
    assert directory_names(ieva) == ["Marco Colombo"]

    # Marco withdraws: Ieva no longer finds him, at once.
    marco.goto(f"/it/{edition.slug}/participants/my-profile/")
    marco.uncheck("#id_listed")
    marco.get_by_role("button", name="Salva il mio profilo").click()
    assert "non è nell'elenco dei partecipanti" in marco.inner_text("main")
    ieva.reload()
    assert directory_names(ieva) == []
    assert "Nobody matches these filters." in ieva.inner_text("main")
