"""Arbitrary text in every field of the application: field errors or a success, never a crash,
and never an application saved half-made."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pitches.models import Application
from tests.factories import make_call, open_edition

FIELDS = [
    "organisation",
    "country",
    "website",
    "contact_name",
    "email",
    "phone",
    "category",
    "title",
    "summary",
    "seeking",
    "publish_deck",
    "privacy_consent",
]
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=600)


@pytest.fixture(scope="module")
def fuzz_call(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call = make_call(open_edition(slug="pitch-fuzzing"))
        yield call
        call.edition.delete()


def valid(call) -> dict:
    return {
        "organisation": "H2 Valley Lab",
        "country": "IT",
        "contact_name": "Giulia Bassi",
        "email": "giulia@example.org",
        "category": str(call.categories.all()[0].pk),
        "title": "Green hydrogen",
        "summary": "Shared electrolysers.",
        "seeking": "Pilot regions.",
        "privacy_consent": "on",
    }


@pytest.mark.django_db
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(field=st.sampled_from(FIELDS), value=any_text)
def test_any_text_in_any_field_never_breaks_the_application(fuzz_call, field, value):
    cache.clear()  # each example is a new visitor for the rate limit
    client = Client(raise_request_exception=False)
    response = client.post(f"/{fuzz_call.edition.slug}/pitches/", valid(fuzz_call) | {field: value})
    assert response.status_code in (400, 302), response.status_code
    saved = list(Application.objects.filter(call=fuzz_call))
    if response.status_code == 400:
        assert response.context["form"].errors, "a re-shown form must say what is wrong"
        assert saved == []
    for application in saved:
        assert application.contact_name and application.email and application.title
    Application.objects.filter(call=fuzz_call).delete()
