import pytest

from networking.models import Entry, Profile, Sector
from tests.factories import make_registration, open_edition
from tests.helpers import sign_in_participant


@pytest.fixture(autouse=True)
def sectors(ecosystem_sectors):
    """The sectors profiles choose from, which a migration adds and a flush elsewhere empties."""


@pytest.fixture
def edition(db):
    return open_edition()


@pytest.fixture
def participant():
    """Create a confirmed registration with a networking profile (listed unless told)."""

    def make(edition, *, sectors=(), entries=(), registration=None, **profile_fields):
        registration_fields = {
            name: profile_fields.pop(name)
            for name in ("first_name", "last_name", "organisation", "country", "category", "email")
            if name in profile_fields
        }
        registration = registration or make_registration(
            edition, status="confirmed", **registration_fields
        )
        profile = Profile.objects.create(
            registration=registration, **({"listed": True} | profile_fields)
        )
        profile.sectors.set(Sector.objects.filter(slug__in=sectors))
        for kind, title, entry_sectors in entries:
            entry = Entry.objects.create(
                profile=profile, kind=kind, title=title, description=f"About {title}."
            )
            entry.sectors.set(Sector.objects.filter(slug__in=entry_sectors))
        return profile

    return make


@pytest.fixture
def sign_in():
    """Sign a client in the way people do: the button on their manage page."""

    return sign_in_participant
