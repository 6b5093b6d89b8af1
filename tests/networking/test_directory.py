"""The directory and the marketplace: filters, keyword search, visibility, constant queries."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from networking import services
from networking.models import NetworkingOptions
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(edition, participant):
    return {
        "ieva": participant(
            edition,
            first_name="Ieva",
            organisation="Hydrogen Valley Lithuania",
            country="LT",
            category="cluster",
            sectors=["renewable-energy", "mobility-transport-automotive"],
            languages=["lt", "en"],
            text_language="en",
            about="We run pilot sites for hydrogen logistics in ports.",
            open_to_meetings=True,
            entries=[("request", "Partners for a hydrogen truck corridor", ["renewable-energy"])],
        ),
        "marco": participant(
            edition,
            first_name="Marco",
            organisation="Lombardia Aerospace Cluster",
            country="IT",
            category="cluster",
            sectors=["aerospace-defence"],
            languages=["it", "en"],
            text_language="it",
            about="Riuniamo le imprese aerospaziali lombarde e cerchiamo partner europei.",
            entries=[("offer", "Banchi di prova per droni", ["aerospace-defence"])],
        ),
        "anna": participant(
            edition,
            first_name="Anna",
            organisation="Regione Lombardia",
            country="IT",
            category="regional_authority",
            sectors=["digital"],
            languages=["it"],
        ),
    }


def names_in(response) -> set[str]:
    page = text_of(response)
    return {name for name in ("Ieva", "Marco", "Anna") if name in page}


def directory(client, edition, **query):
    return client.get(reverse("networking:directory", kwargs={"edition_slug": edition.slug}), query)


def marketplace(client, edition, **query):
    url = reverse("networking:marketplace", kwargs={"edition_slug": edition.slug})
    return client.get(url, query)


@pytest.fixture
def me(client, edition, participant, sign_in):
    profile = participant(edition, first_name="Zoë", listed=False)
    sign_in(client, profile.registration)
    return profile


def test_filters_narrow_the_directory(client, edition, people, me):
    assert names_in(directory(client, edition)) == {"Ieva", "Marco", "Anna"}
    assert names_in(directory(client, edition, country="IT")) == {"Marco", "Anna"}
    assert names_in(directory(client, edition, category="regional_authority")) == {"Anna"}
    assert names_in(directory(client, edition, sector="aerospace-defence")) == {"Marco"}
    assert names_in(directory(client, edition, language="lt")) == {"Ieva"}
    assert names_in(directory(client, edition, open_to_meetings="on")) == {"Ieva"}
    assert names_in(directory(client, edition, country="IT", language="en")) == {"Marco"}
    # A filter value nobody sent by the form is marked and left out, not a 500.
    odd = directory(client, edition, country="XX", sector="nonsense")
    assert odd.status_code == 200 and names_in(odd) == {"Ieva", "Marco", "Anna"}
    assert "Select a valid choice." in text_of(odd)


def test_keyword_search_matches_names_and_texts_in_their_own_language(client, edition, people, me):
    assert names_in(directory(client, edition, q="hydrogen")) == {"Ieva"}
    # English stemming: "pilot site" finds "pilot sites".
    assert names_in(directory(client, edition, q="pilot site")) == {"Ieva"}
    # Italian stemming: "impresa aerospaziale" finds "imprese aerospaziali".
    assert names_in(directory(client, edition, q="impresa aerospaziale")) == {"Marco"}
    assert names_in(directory(client, edition, q="Regione Lombardia")) == {"Anna"}
    assert names_in(directory(client, edition, q="zeppelin")) == set()
    assert "Nobody matches these filters." in text_of(directory(client, edition, q="zeppelin"))


def test_every_word_must_match_somewhere_whichever_field_it_is_in(client, edition, people, me):
    marco = people["marco"].registration
    full_name = f"{marco.first_name} {marco.last_name}"
    assert names_in(directory(client, edition, q=full_name)) == {"Marco"}
    assert names_in(directory(client, edition, q=f"{marco.last_name} {marco.first_name}")) == {
        "Marco"
    }
    # A name and a word of the text about the person, and two organisations' words.
    assert names_in(directory(client, edition, q="Ieva pilot")) == {"Ieva"}
    assert names_in(directory(client, edition, q="Marco hydrogen")) == set()


def test_the_search_follows_every_change_of_names_and_texts_however_it_is_made(
    client, edition, people, me
):
    """Profiles keep their search vector; the database keeps it up to date, also for changes
    that no form makes (an update of many rows, a registration's names)."""
    from networking.models import Profile
    from registrations.models import Registration

    marco = people["marco"]
    Registration.objects.filter(pk=marco.registration.pk).update(last_name="Quasimodo")
    assert names_in(directory(client, edition, q="Quasimodo")) == {"Marco"}
    Registration.objects.filter(pk=marco.registration.pk).update(organisation="Orbita Srl")
    assert names_in(directory(client, edition, q="Orbita")) == {"Marco"}
    assert names_in(directory(client, edition, q="Aerospace Cluster")) == set()
    Profile.objects.filter(pk=people["anna"].pk).update(
        about="Fondi per i distretti tessili.", text_language="it"
    )
    assert names_in(directory(client, edition, q="distretto tessile")) == {"Anna"}
    # A word stemmed as another language would: "sites" finds an Italian "siti".
    Profile.objects.filter(pk=marco.pk).update(about="Gestiamo siti pilota per droni.")
    assert names_in(directory(client, edition, q="pilot sites")) == {"Ieva", "Marco"}


def test_a_card_shows_what_changed_since_it_was_last_shown(client, edition, people, me):
    """Cards are rendered once and reused: a change to what a card shows shows at once."""
    from registrations.models import Registration

    assert "Lombardia Aerospace Cluster" in text_of(directory(client, edition))
    marco = Registration.objects.filter(pk=people["marco"].registration.pk)
    marco.update(organisation="Orbita Srl")
    page = text_of(directory(client, edition))
    assert "Orbita Srl" in page and "Lombardia Aerospace Cluster" not in page
    marco.update(country="MT")
    assert "Malta" in text_of(directory(client, edition))
    people["marco"].sectors.set([])
    page = text_of(directory(client, edition))
    assert "Aerospace" not in page[page.index("Orbita Srl") - 200 : page.index("Orbita Srl") + 200]
    people["ieva"].entries.update(title="Partners for an ammonia corridor", description="Ammonia.")
    market = text_of(marketplace(client, edition))
    assert "Partners for an ammonia corridor" in market and "hydrogen truck" not in market


def test_the_embedded_databases_search_needs_every_word_too(edition, people):
    from networking.directory import containing_every_word
    from networking.models import Profile

    fields = ("registration__first_name", "registration__last_name", "registration__organisation")
    profiles = Profile.objects.all()
    marco = people["marco"].registration

    def found(words):
        matching = containing_every_word(profiles, words.split(), fields)
        return {profile.registration.first_name for profile in matching}

    assert found(f"{marco.first_name} {marco.last_name}") == {"Marco"}
    assert found(f"{marco.last_name.upper()} marco") == {"Marco"}
    assert found("Marco Lithuania") == set()


def test_the_marketplace_lists_entries_with_their_filters(client, edition, people, me):
    page = text_of(marketplace(client, edition))
    assert "Partners for a hydrogen truck corridor" in page and "Banchi di prova per droni" in page
    only_drones = text_of(marketplace(client, edition, q="droni"))
    assert "Banchi di prova per droni" in only_drones and "hydrogen truck" not in only_drones
    only_lt = text_of(marketplace(client, edition, country="LT"))
    assert "hydrogen truck" in only_lt and "droni" not in only_lt


def test_withdrawing_hiding_and_approval_take_effect_at_once(client, edition, people, me):
    ieva = people["ieva"]
    ieva.listed = False
    ieva.save()
    assert "Ieva" not in names_in(directory(client, edition))
    assert "hydrogen truck" not in text_of(marketplace(client, edition))
    profile_url = reverse(
        "networking:profile", kwargs={"edition_slug": edition.slug, "pk": ieva.pk}
    )
    assert client.get(profile_url).status_code == 404

    services.hide(people["marco"], "Advertising only.")
    assert names_in(directory(client, edition)) == {"Anna"}

    NetworkingOptions.objects.create(edition=edition, profiles_need_approval=True)
    assert names_in(directory(client, edition)) == set()
    services.approve(type(ieva).objects.filter(pk=people["anna"].pk))
    assert names_in(directory(client, edition)) == {"Anna"}


def test_the_directory_never_shows_an_email_address(client, edition, people, me):
    page = directory(client, edition).content.decode()
    for profile in people.values():
        assert profile.registration.email not in page
    detail = client.get(
        reverse(
            "networking:profile", kwargs={"edition_slug": edition.slug, "pk": people["ieva"].pk}
        )
    )
    assert people["ieva"].registration.email not in detail.content.decode()
    assert '<div lang="en">' in detail.content.decode()
    assert "Written in English" in text_of(detail)


def queries_for(client, url) -> int:
    """The queries of a first view: nothing kept from an earlier one (suggestions, cards)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_make_the_same_number_of_queries_for_5_and_500_participants(
    client, edition, participant, me
):
    def add(count):
        for number in range(count):
            participant(
                edition,
                organisation=f"Cluster {number}",
                sectors=["digital", "health"],
                about="Digital health pilots.",
                entries=[("offer", f"Offer {number}", ["digital"])],
            )

    slug = {"edition_slug": edition.slug}
    urls = [
        reverse("networking:directory", kwargs=slug),
        reverse("networking:directory", kwargs=slug) + "?q=digital&sector=digital&page=2",
        reverse("networking:marketplace", kwargs=slug) + "?q=offer",
        reverse("networking:area", kwargs=slug),
    ]
    add(5)
    few = [queries_for(client, url) for url in urls]
    add(495)
    many = [queries_for(client, url) for url in urls]
    assert few == many


def test_pages_of_results_keep_the_filters(client, edition, participant, me):
    for number in range(23):
        participant(edition, organisation=f"Digital Cluster {number:02}", sectors=["digital"])
    participant(edition, organisation="Textile Cluster", sectors=["textile"])
    first = directory(client, edition, sector="digital")
    assert "23 participants" in text_of(first) and "Page 1 of 2" in text_of(first)
    next_link = re.search(r'href="(\?[^"]*)">Next<', first.content.decode())[1]
    assert "sector=digital" in unescape(next_link) and "page=2" in next_link
    second = client.get(
        reverse("networking:directory", kwargs={"edition_slug": edition.slug}) + unescape(next_link)
    )
    assert text_of(second).count("Digital Cluster") == 3
    assert "Textile Cluster" not in text_of(second)


def _unlist_ieva(people, edition):
    from networking.models import Profile

    Profile.objects.filter(pk=people["ieva"].pk).update(listed=False)


def _hide_ieva(people, edition):
    from django.utils import timezone

    from networking.models import Profile

    Profile.objects.filter(pk=people["ieva"].pk).update(hidden_at=timezone.now())


def _cancel_marco(people, edition):
    from registrations.models import Registration

    Registration.objects.filter(pk=people["marco"].registration.pk).update(status="cancelled")


def _rename_sector(people, edition):
    from networking.models import Sector

    Sector.objects.filter(slug="aerospace-defence").update(name="Space and drones")


def _move_anna(people, edition):
    from registrations.models import Registration

    Registration.objects.filter(pk=people["anna"].registration.pk).update(country="MT")


# What changed, how, and what the next view of the directory must show (or no longer show).
LISTING_CHANGES = {
    "unlisted": (_unlist_ieva, lambda page: "Hydrogen Valley Lithuania" not in page),
    "hidden by the organisers": (_hide_ieva, lambda page: "Ieva" not in page),
    "approval asked": (
        lambda people, edition: NetworkingOptions.objects.create(
            edition=edition, profiles_need_approval=True
        ),
        lambda page: "Nobody matches these filters." in page,
    ),
    "registration cancelled": (_cancel_marco, lambda page: "Marco" not in page),
    "sector renamed": (_rename_sector, lambda page: "Space and drones" in page),
    "sector taken off": (
        lambda people, edition: people["anna"].sectors.clear(),
        lambda page: "Digital" not in page.split("Regione Lombardia")[1][:200],
    ),
    "moved country": (_move_anna, lambda page: "Malta" in page),
}


@pytest.mark.parametrize("change", LISTING_CHANGES)
def test_a_reused_listing_shows_every_kind_of_change_on_the_next_view(
    client, edition, people, me, change
):
    """Listings are rendered once and reused; any change to what they show is on the next view,
    however it is made (these are updates of rows, which no form and no signal sees)."""
    make, shows = LISTING_CHANGES[change]
    assert "Hydrogen Valley Lithuania" in text_of(directory(client, edition))
    make(people, edition)
    assert shows(text_of(directory(client, edition)))


def test_the_marketplace_shows_a_hidden_or_new_entry_on_the_next_view(client, edition, people, me):
    from django.utils import timezone

    from networking.models import Entry, Sector

    assert "Banchi di prova per droni" in text_of(marketplace(client, edition))
    people["marco"].entries.update(hidden_at=timezone.now())
    assert "Banchi di prova per droni" not in text_of(marketplace(client, edition))
    entry = Entry.objects.create(
        profile=people["anna"], kind="offer", title="Open data for regions", description="Data."
    )
    assert "Open data for regions" in text_of(marketplace(client, edition))
    assert "Open data for regions" not in text_of(marketplace(client, edition, sector="digital"))
    entry.sectors.add(Sector.objects.get(slug="digital"))
    assert "Open data for regions" in text_of(marketplace(client, edition, sector="digital"))


def test_a_listing_is_reused_until_something_changes_whatever_else_the_link_carries(
    client, edition, people, me
):
    first = directory(client, edition, country="IT")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(
            reverse("networking:directory", kwargs={"edition_slug": edition.slug}),
            {"country": "IT", "utm_source": "newsletter"},
        )
    assert text_of(again) == text_of(first)
    assert not [q for q in queries if 'FROM "networking_profile"' in q["sql"]]
    assert "utm_source" not in again.content.decode().split("<main")[1]
