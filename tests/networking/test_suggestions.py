"""Suggestions: rules a person can read, cross-border pairs first (a small fixed set)."""

import pytest

from networking.directory import suggest
from networking.models import Profile

pytestmark = pytest.mark.django_db


def loaded(profiles) -> list[Profile]:
    return list(
        Profile.objects.filter(pk__in=[p.pk for p in profiles])
        .select_related("registration")
        .prefetch_related("sectors", "entries__sectors")
    )


def test_suggestions_give_their_reasons_and_put_other_countries_first(edition, participant):
    me = participant(
        edition,
        country="IT",
        category="cluster",
        sectors=["renewable-energy"],
        entries=[("offer", "Hydrogen refuelling test site", ["renewable-energy"])],
    )
    request_abroad = participant(
        edition,
        organisation="Hydrogen Valley Lithuania",
        country="LT",
        category="cluster",
        sectors=["renewable-energy"],
        entries=[("request", "Pilot sites for hydrogen logistics", ["renewable-energy"])],
    )
    same_sector_home = participant(
        edition, organisation="Energy Cluster Lombardia", country="IT", sectors=["renewable-energy"]
    )
    authority_abroad = participant(
        edition,
        organisation="Lower Silesia Region",
        country="PL",
        category="regional_authority",
        region="Dolnośląskie",
    )
    unrelated = participant(
        edition, organisation="Textile Cluster", country="IT", sectors=["textile"]
    )

    suggestions = suggest(
        loaded([me])[0], loaded([me, request_abroad, same_sector_home, authority_abroad, unrelated])
    )
    assert [s.profile.registration.organisation for s in suggestions] == [
        "Hydrogen Valley Lithuania",
        "Lower Silesia Region",
        "Energy Cluster Lombardia",
    ]
    assert suggestions[0].reasons == [
        "their request “Pilot sites for hydrogen logistics” matches your offer “Hydrogen "
        "refuelling test site”",
        "same sector (Renewable energy), another country (Lithuania)",
    ]
    assert suggestions[1].reasons == ["a public authority (Dolnośląskie)"]
    assert suggestions[2].reasons == ["same sector (Renewable energy)"]
