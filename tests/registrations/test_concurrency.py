"""Real threads against PostgreSQL: the row lock must serialise the last places."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections

from registrations import services
from registrations.models import Registration, Seat
from tests.factories import open_edition, registration_input

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(count: int, work) -> list:
    barrier = Barrier(count)

    def worker(index):
        try:
            barrier.wait()
            return work(index)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, range(count)))


def test_fifty_people_confirming_at_once_for_the_last_five_places():
    assert connection.vendor == "postgresql"
    edition = open_edition(capacity=10)
    for _ in range(5):
        registration, _ = services.submit_registration(**registration_input(edition))
        services.confirm_registration(registration_id=registration.pk)
    pending = [services.submit_registration(**registration_input(edition))[0].pk for _ in range(50)]

    results = run_at_once(50, lambda i: services.confirm_registration(registration_id=pending[i]))

    statuses = [r.status for r in results]
    assert statuses.count("confirmed") == 5
    assert statuses.count("waiting") == 45
    assert Registration.objects.filter(edition=edition, status="confirmed").count() == 10
    positions = sorted(
        r.waiting_position() for r in Registration.objects.filter(edition=edition, status="waiting")
    )
    assert positions == list(range(1, 46))


def test_people_racing_for_the_last_session_places():
    edition = open_edition()
    visit = edition.sessions.create(
        slug="visit",
        title="Visit",
        session_type="guided_visit",
        starts_at=edition.starts_at.replace(hour=14),
        ends_at=edition.starts_at.replace(hour=16),
        capacity=3,
    )
    day = edition.days[0].isoformat()
    pending = [
        services.submit_registration(**registration_input(edition, days=[day], sessions=[visit]))[
            0
        ].pk
        for _ in range(20)
    ]
    run_at_once(20, lambda i: services.confirm_registration(registration_id=pending[i]))
    assert Seat.objects.filter(session=visit, status="confirmed").count() == 3
    assert Seat.objects.filter(session=visit, status="waiting").count() == 17


def test_the_same_address_submitted_at_once_is_registered_once():
    edition = open_edition()

    def submit(index):
        data = registration_input(
            edition, email="Same.Person@example.org" if index % 2 else "same.person@example.org"
        )
        return services.submit_registration(**data)

    results = run_at_once(10, submit)
    assert Registration.objects.filter(edition=edition).count() == 1
    assert sum(created for _, created in results) == 1
    assert len({registration.pk for registration, _ in results}) == 1


def test_cancellations_racing_with_confirmations_never_overbook():
    edition = open_edition(capacity=5)
    confirmed = []
    for _ in range(5):
        registration, _ = services.submit_registration(**registration_input(edition))
        confirmed.append(services.confirm_registration(registration_id=registration.pk).pk)
    pending = [services.submit_registration(**registration_input(edition))[0].pk for _ in range(15)]

    def act(index):
        if index < 5:
            return services.cancel_registration(registration_id=confirmed[index])
        return services.confirm_registration(registration_id=pending[index - 5])

    run_at_once(20, act)
    assert Registration.objects.filter(edition=edition, status="confirmed").count() == 5
    assert Registration.objects.filter(edition=edition, status="waiting").count() == 10
