"""The whole site in English and Italian: catalogue, URLs, content and the registrant's language."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Session
from registrations.models import Registration
from tests.conftest import expected_status
from tests.factories import make_session, open_edition, registration_form
from tests.helpers import text_of

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = REPO / "locale" / "it" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\}")


def entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def test_every_interface_string_is_translated_and_none_is_fuzzy():
    untranslated = [e.msgid for e in entries() if not e.translated()]
    fuzzy = [e.msgid for e in entries() if "fuzzy" in e.flags]
    assert (untranslated, fuzzy) == ([], [])


def test_translations_keep_every_placeholder():
    for entry in entries():
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translated in pairs:
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source)), (
                entry.msgid
            )


def test_catalogue_holds_every_string_marked_in_the_code(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is needed (Debian: apt-get install gettext)")
    apps = [path.name for path in REPO.iterdir() if (path / "apps.py").exists()]
    for name in ("manage.py", "clusters_event", "templates", *apps):
        source = REPO / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, tmp_path / name)
    (tmp_path / "locale" / "it" / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "it", "--no-location", "-v", "0"],
        cwd=tmp_path,
        check=True,
        env={"DJANGO_DEBUG": "true", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)},
    )
    fresh = {e.msgid for e in polib.pofile(str(tmp_path / "locale/it/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in entries()}
    assert sorted(fresh - committed) == [], "run makemessages and translate the new strings"


def interface_phrases(language: str) -> set[str]:
    """Return phrases of interface text in one language that differ in the other one."""
    phrases = set()
    for entry in entries():
        pairs = (
            [(entry.msgid, entry.msgstr)]
            if not entry.msgid_plural
            else [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        )
        for english, italian in pairs:
            text = english if language == "en" else italian
            other = italian if language == "en" else english
            for chunk in re.split(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|\{\}|[“”:;()]", text):
                chunk = chunk.strip(" .,")
                if len(chunk.split()) >= 3 and chunk not in other:
                    phrases.add(chunk)
    return phrases


def localized(path: str, language: str) -> str:
    return path if language == "en" else f"/{language}{path}"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "other"), [("it", "en"), ("en", "it")])
def test_no_interface_text_of_the_other_language_on_any_page(client, public_pages, language, other):
    foreign = interface_phrases(other)
    assert len(foreign) > 150
    problems = {}
    for path in public_pages:
        response = client.get(localized(path, language), HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == expected_status(path), path
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, path
        page = text_of(response)
        found = sorted(phrase for phrase in foreign if phrase in page)
        if found:
            problems[path] = found
    # The registration form with errors, as well.
    response = client.post(localized("/upcoming/register/", language), {"first_name": "x"})
    page = text_of(response)
    if found := sorted(phrase for phrase in foreign if phrase in page):
        problems["/upcoming/register/ with errors"] = found
    assert problems == {}


@pytest.mark.django_db
def test_italian_pages_show_italian_content_and_dates(client, milano):
    page = text_of(client.get("/it/milano-2024/"))
    for expected in [
        "Clusters meet Regions – Milano 2024",
        "26–27 marzo 2024",
        "organizzato per la prima volta in Italia",
        "Analizzare l'efficacia delle politiche e strategie a livello centrale",
        "Il caso di un panorama industriale complesso: i cluster lombardi",
        "Oltre 160 partecipanti da tutta Europa",
        "Co-organizzatore e regione ospitante",
        "L'evento si è concluso.",
    ]:
        assert expected in page, expected
    agenda = text_of(client.get("/it/milano-2024/agenda/"))
    assert "martedì 26 marzo 2024" in agenda
    assert "Sala Biagi (Nucleo 4, primo piano), Palazzo Lombardia" in agenda
    assert "Visita guidata a MIND Milano Innovation District" in agenda


@pytest.mark.django_db
def test_a_text_missing_in_italian_falls_back_to_english(client, milano):
    Session.objects.filter(slug="lunch-day-2").update(title_it="", description_it="")
    assert "Lunch" in text_of(client.get("/it/milano-2024/agenda/"))


@pytest.mark.django_db
def test_first_visit_follows_the_browser_then_the_visitors_choice_wins(client, milano):
    first = client.get("/milano-2024/agenda/?day=2024-03-27", HTTP_ACCEPT_LANGUAGE="it-IT,it;q=0.9")
    assert first.status_code == 302
    assert first["Location"] == "/it/milano-2024/agenda/?day=2024-03-27"
    assert "Accept-Language" in first["Vary"]

    english = client.get("/milano-2024/", HTTP_ACCEPT_LANGUAGE="en-GB,en")
    assert english.status_code == 200

    switch = client.get(
        reverse("switch_language", args=["en"]), {"next": "/it/milano-2024/agenda/"}
    )
    assert switch["Location"] == "/milano-2024/agenda/"
    assert client.cookies["language"].value == "en"
    stays = client.get("/milano-2024/agenda/", HTTP_ACCEPT_LANGUAGE="it-IT,it;q=0.9")
    assert stays.status_code == 200
    assert '<html lang="en">' in stays.content.decode()

    client.get(reverse("switch_language", args=["it"]), {"next": "/milano-2024/"})
    assert client.get("/milano-2024/venue/")["Location"] == "/it/milano-2024/venue/"


@pytest.mark.django_db
def test_language_switch_refuses_to_leave_the_site(client):
    response = client.get(reverse("switch_language", args=["it"]), {"next": "https://evil.test/"})
    assert response["Location"] == "/it/"


@pytest.mark.django_db
def test_every_page_links_its_other_language_version(client, milano):
    html = client.get("/it/milano-2024/agenda/").content.decode()
    assert (
        '<link rel="alternate" hreflang="en" href="https://cmr.example.eu/milano-2024/agenda/">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="it" href="https://cmr.example.eu/it/milano-2024/agenda/">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="x-default" href="https://cmr.example.eu/milano-2024/agenda/">'
        in html
    )
    assert (
        'href="/language/en/?next=/it/milano-2024/agenda/" hreflang="en" lang="en">English</a>'
        in html
    )
    assert '"inLanguage": "it"' in client.get("/it/milano-2024/").content.decode()


@pytest.mark.django_db
def test_sitemap_lists_both_languages_with_alternates(client, milano):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://cmr.example.eu/milano-2024/agenda/</loc>" in xml
    assert "<loc>https://cmr.example.eu/it/milano-2024/agenda/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="it" href="https://cmr.example.eu/it/milano-2024/agenda/"/>'
        in xml
    )
    assert 'hreflang="x-default"' in xml


@pytest.mark.django_db
def test_calendar_files_are_in_the_language_of_their_url(client, milano, read_calendar):
    italian = read_calendar(client.get("/it/milano-2024/agenda.ics").content)
    english = read_calendar(client.get("/milano-2024/agenda.ics").content)
    assert italian["name"] == "Clusters meet Regions – Milano 2024"
    assert "Visita guidata a MIND Milano Innovation District" in [
        e["summary"] for e in italian["events"]
    ]
    assert "Guided visit to MIND Milano Innovation District" in [
        e["summary"] for e in english["events"]
    ]
    assert [e["uid"] for e in italian["events"]] == [e["uid"] for e in english["events"]]


@pytest.mark.django_db
def test_registrants_language_carries_into_emails_links_and_calendar(
    run_worker, client, read_calendar, django_capture_on_commit_callbacks
):
    from registrations import services

    edition = open_edition(title_it="Edizione di prova", title_en="Test edition")
    make_session(edition, title_en="Opening", title_it="Apertura")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/it/{edition.slug}/register/", registration_form(edition))
    run_worker()
    assert response["Location"] == f"/it/{edition.slug}/register/check-your-email/"
    registration = Registration.objects.get()
    assert registration.language == "it"
    [confirm] = mail.outbox
    assert confirm.subject == "Confermate la vostra iscrizione a Edizione di prova"
    assert f"/it/{edition.slug}/register/confirm/" in confirm.body
    assert registration.manage_url().startswith(f"/it/{edition.slug}/my-registration/")

    # Confirmed later, from an English page: the email still speaks Italian.
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_registration(registration_id=registration.pk)
    run_worker()
    confirmed = mail.outbox[-1]
    assert confirmed.subject == "Siete iscritti a Edizione di prova"
    assert "Gentile Zoë," in confirmed.body
    calendar = read_calendar(confirmed.attachments[0][1].encode())
    assert [e["summary"] for e in calendar["events"]] == ["Apertura"]
    manage = text_of(client.get(registration.manage_url()))
    assert "La mia iscrizione" in manage


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "other"), [("it", "en"), ("en", "it")])
def test_the_door_speaks_one_language(client, monkeypatch, language, other):
    """The staff's pages, each kind of answer, the walk-in form with errors and the desk list."""
    from registrations.passes import pass_payload
    from tests.door.conftest import door_url
    from tests.factories import ROME, make_edition, make_registration
    from tests.helpers import create_account

    foreign = interface_phrases(other)
    today = timezone.now().astimezone(ROME).date()
    edition = make_edition(start_date=today)
    person = make_registration(edition, status="confirmed", accessibility_needs="Lift")
    waiting = make_registration(edition, status="waiting", waiting_since=timezone.now())
    client.force_login(create_account("create_door_staff", "desk1", monkeypatch))
    prefix = "" if language == "en" else f"/{language}"

    def localized_door(name: str) -> str:
        return prefix + door_url(edition, name)

    pages = {
        "sign-in": client.get(prefix + "/door/sign-in/"),
        "door": client.get(localized_door("desk"), {"q": person.last_name}),
        "walk-in with errors": client.post(localized_door("walk_in"), {"first_name": "x"}),
    }
    for code in (pass_payload(person), pass_payload(person), pass_payload(waiting), "x"):
        pages[f"answer to {code}"] = client.post(
            localized_door("check_in"), {"code": code, "day": today.isoformat()}
        )
    problems = {}
    for name, response in pages.items():
        page = text_of(response)
        if found := sorted(phrase for phrase in foreign if phrase in page):
            problems[name] = found
    assert problems == {}


def test_adding_a_language_as_the_operations_guide_says(tmp_path):
    """Follow docs/operations.md, "Adding a language", with French, in a copy of the code."""
    guide = (REPO / "docs" / "operations.md").read_text()
    recipe = guide[guide.index("### Adding a language") :]
    recipe = recipe[: recipe.index("\n## ")]
    commands = re.findall(r"`(\.venv/bin/python manage\.py [^`]+)`", recipe)
    assert [command.split()[2] for command in commands] == [
        "makemigrations",
        "migrate",
        "makemessages",
    ]
    apps = [path.name for path in REPO.iterdir() if (path / "apps.py").exists()]
    for name in ("manage.py", "clusters_event", "templates", "static", "locale", *apps):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    (tmp_path / ".venv").symlink_to(REPO / ".venv")
    settings_file = tmp_path / "clusters_event" / "settings.py"  # step 1, as the guide shows it
    example = re.search(r"`(\(\"fr\", _\(\"French\"\)\))`", recipe).group(1)
    settings_file.write_text(
        settings_file.read_text().replace(
            'LANGUAGES = [("en", _("English")), ("it", _("Italian"))]',
            f'LANGUAGES = [("en", _("English")), ("it", _("Italian")), {example}]',
        )
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "true",
        "DJANGO_ENV_FILE": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    def run(*args: str) -> str:
        result = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    for command in commands:
        run(*command.split())
    migrated = sorted(path.parent.parent.name for path in tmp_path.glob("*/migrations/*_french.py"))
    assert migrated == [
        "events",
        "live",
        "messaging",
        "networking",
        "outcomes",
        "pitches",
        "registrations",
    ]
    assert (tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po").exists()
    run(".venv/bin/python", "manage.py", "makemigrations", "--check", "--dry-run")
    run(".venv/bin/python", "manage.py", "load_seed_edition")
    pages = run(
        ".venv/bin/python", "manage.py", "shell", "-c",
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='localhost')\n"
        "for path in ('/fr/milano-2024/', '/fr/milano-2024/agenda/',\n"
        "             '/fr/milano-2024/register/'):\n"
        "    page = client.get(path)\n"
        "    print(path, page.status_code, '<html lang=\"fr\">' in page.content.decode())",
    )  # fmt: skip
    assert [line for line in pages.splitlines() if line.startswith("/fr/")] == [
        "/fr/milano-2024/ 200 True",
        "/fr/milano-2024/agenda/ 200 True",
        "/fr/milano-2024/register/ 200 True",
    ]
