"""A limited session's page says how many places are left and how to get one, and follows
registrations although it is cached."""

import pytest

from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def test_a_limited_sessions_page_counts_places_left_and_says_how_to_get_one(
    client, edition, visit, register
):
    page = visit.get_absolute_url()
    text = text_of(client.get(page))
    assert "Limited to 2 participants · 2 places left" in text
    assert "To take part, choose this session when you register" in text
    assert f'href="/{edition.slug}/register/"' in client.get(page).content.decode()

    register(edition, sessions=[visit])
    assert "Limited to 2 participants · 1 place left" in text_of(client.get(page))
    register(edition, sessions=[visit])
    register(edition, sessions=[visit])  # joins the session's waiting list
    full = text_of(client.get(page))
    assert "Limited to 2 participants · Full (1 waiting)" in full
    assert "you join its waiting list" in full

    italian = text_of(client.get(f"/it{page}"))
    assert "Al completo (1 in attesa)" in italian


def test_a_cancelled_session_offers_no_place(client, edition, visit):
    visit.is_cancelled = True
    visit.save()
    assert "places left" not in text_of(client.get(visit.get_absolute_url()))
