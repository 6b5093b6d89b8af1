"""Arbitrary text in every field: a page with field errors or a success, never a crash."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registrations.models import Registration, Seat
from tests.factories import make_session, open_edition, registration_form

FIELDS = [
    "first_name",
    "last_name",
    "email",
    "organisation",
    "job_title",
    "country",
    "category",
    "days",
    "sessions",
    "dietary_requirements",
    "accessibility_needs",
    "privacy_consent",
    "wants_to_pitch",
]

# Any Unicode text a browser can send (NUL and control characters included), up to well past
# the length limits. Lone surrogates cannot be sent as UTF-8; invalid bytes have their own test.
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=600)


@pytest.fixture(scope="module")
def fuzz_edition(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        edition = open_edition(slug="fuzzing")
        start = edition.starts_at.replace(hour=14)
        session = make_session(edition, slug="visit", starts_at=start, capacity=3)
        yield edition, session
        Registration.objects.filter(edition=edition).delete()
        edition.delete()


@pytest.mark.django_db
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(field=st.sampled_from(FIELDS), value=any_text)
def test_any_text_in_any_field_never_breaks_the_form(fuzz_edition, field, value):
    edition, session = fuzz_edition
    cache.clear()  # each example is a new visitor for the rate limit
    data = registration_form(edition, sessions=str(session.pk)) | {field: value}
    client = Client(raise_request_exception=False)
    response = client.post(f"/{edition.slug}/register/", data)

    assert response.status_code in (200, 302), response.status_code
    saved = list(Registration.objects.filter(edition=edition))
    if response.status_code == 200:
        assert response.context["form"].errors, "a re-shown form must say what is wrong"
        assert saved == []
    else:
        # Either a complete registration, or none (the honeypot, or a value the form cleaned).
        for registration in saved:
            assert registration.first_name and registration.email and registration.days
            assert registration.privacy_consent_at is not None
    assert not Seat.objects.filter(session=session).exclude(registration__in=saved).exists()
    Registration.objects.filter(edition=edition).delete()
