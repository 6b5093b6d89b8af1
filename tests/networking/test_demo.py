import pytest
from django.core.management import CommandError, call_command

from networking.models import Entry, Profile, Sector
from registrations.models import Registration

pytestmark = pytest.mark.django_db


def test_demo_participants_are_confirmed_listed_bilingual_and_undeliverable(edition):
    call_command("load_demo_participants", edition.slug, "--count", "40")
    registrations = Registration.objects.filter(edition=edition)
    assert registrations.count() == 40
    assert set(registrations.values_list("status", flat=True)) == {"confirmed"}
    assert all(
        email.endswith(".invalid") for email in registrations.values_list("email", flat=True)
    )
    profiles = Profile.objects.in_directory(edition)
    assert 30 <= profiles.count() <= 40
    assert {"it", "en"} <= set(profiles.values_list("text_language", flat=True))
    assert Entry.objects.visible(edition).exists()
    assert len(set(registrations.values_list("country", flat=True))) >= 4
    call_command("load_demo_participants", edition.slug, "--count", "5")
    assert registrations.count() == 45  # adds, with new addresses


def test_an_unknown_edition_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No edition with the slug 'nowhere'"):
        call_command("load_demo_participants", "nowhere")


FEMININE_ENDINGS = ("ska", "cka", "dzka", "ienė", "aitė", "ytė", "utė")
MASCULINE_ENDINGS = ("ski", "cki", "dzki", "as", "is", "us", "ys")


def test_demo_people_look_real_names_genders_organisations_and_sectors(edition):
    call_command("load_demo_participants", edition.slug, "--count", "300")
    call_command("load_demo_participants", edition.slug, "--count", "100")
    people = list(Registration.objects.filter(edition=edition).select_related("profile"))
    full_names = [f"{person.first_name} {person.last_name}" for person in people]
    assert len(set(full_names)) == len(people) == 400  # no two Luca Colombo
    by_organisation: dict[str, list[Registration]] = {}
    for person in people:
        by_organisation.setdefault(person.organisation, []).append(person)
        assert not any(character.isdigit() for character in person.organisation)
        assert not any(character.isdigit() for character in person.profile.region)
        # In Polish and Lithuanian a surname says the gender; women's first names end in a or ė.
        if person.country in {"PL", "LT"}:
            woman = person.first_name.endswith(("a", "ė"))
            if person.last_name.endswith(FEMININE_ENDINGS):
                assert woman, person
            if person.last_name.endswith(MASCULINE_ENDINGS):
                assert not woman, person
    assert 60 < len(by_organisation) < 350  # colleagues come together, and not all of them
    regions_of_countries = {}
    for organisation, members in by_organisation.items():
        assert len({member.country for member in members}) == 1, organisation
        assert len({member.category for member in members}) == 1, organisation
        for member in members:
            regions_of_countries.setdefault(member.profile.region, set()).add(member.country)
    assert all(len(countries) == 1 for countries in regions_of_countries.values())
    # An organisation named after a sector has that sector (no "Agri-food Lab" in textiles).
    checked = 0
    for person in people:
        sectors = list(person.profile.sectors.all())
        for sector in Sector.objects.all():
            named = {sector.name_en.split()[0], sector.name_it.split()[0]} - {"Industrie"}
            if any(word in person.organisation.split() for word in named):
                assert sector in sectors, (person.organisation, sectors)
                checked += 1
    assert checked > 100
