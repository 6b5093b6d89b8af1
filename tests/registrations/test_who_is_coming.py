"""The public edition page says who is coming, in groups of 5 or more, and names the
organisations that agreed to appear; the cached page follows registrations."""

import pytest

from registrations import services
from tests.factories import registration_input
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def register(edition, **fields):
    registration, _ = services.submit_registration(**registration_input(edition, **fields))
    return services.confirm_registration(registration_id=registration.pk)


def test_the_edition_page_shows_groups_of_five_and_consenting_organisations(client, edition):
    for number in range(5):
        register(edition, country="IT", category="cluster", organisation=f"Cluster {number}")
    for number in range(4):
        register(edition, country="PL", category="company", organisation=f"Firma {number}")
    register(edition, organisation="Regione Lombardia", on_participant_list=True)
    register(edition, organisation="Hidden Ltd", on_participant_list=False)

    english = edition.get_absolute_url()
    page = text_of(client.get(english))
    assert "11 confirmed participants so far." in page
    assert "Italy: 7" in page  # the factory's default country is Italy
    assert "Poland" not in page  # 4 people: too few to show
    assert "Cluster organisation: 7" in page and "Company" not in page
    assert "Organisations taking part Regione Lombardia" in page
    assert "Hidden Ltd" not in page and "Cluster 0" not in page

    italian = text_of(client.get("/it" + english))
    assert "Chi partecipa" in italian and "Finora 11 partecipanti confermati." in italian
    assert "Italia: 7" in italian and "Organizzazione cluster: 7" in italian

    # The page is cached; a fifth company makes its group visible at once.
    register(edition, country="PL", category="company", organisation="Firma 4")
    assert "Poland: 5" in text_of(client.get(english))


def test_nothing_is_shown_while_every_group_is_small(client, edition):
    register(edition, organisation="Solo cluster")
    assert "Who is coming" not in text_of(client.get(edition.get_absolute_url()))


def test_an_organisation_is_named_once_however_many_of_its_people_come(client, edition):
    for spelling in ["Acme Cluster", "Acme Cluster", "ACME cluster ", "Acme  Cluster"]:
        register(edition, organisation=spelling, on_participant_list=True)
    register(edition, organisation="Regione Lombardia", on_participant_list=True)
    page = text_of(client.get(edition.get_absolute_url()))
    assert page.casefold().count("acme cluster") == 1
    assert "Organisations taking part ACME cluster · Regione Lombardia" in page
