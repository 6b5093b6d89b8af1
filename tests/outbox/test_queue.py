"""The outbox keeps one email per person and purpose, whoever queues it and however often."""

import pytest
from django.db import IntegrityError, transaction

from outbox.models import Email
from outbox.sending import queue, queue_many
from tests.factories import make_registration, open_edition

pytestmark = pytest.mark.django_db


def test_one_email_per_person_and_purpose():
    edition = open_edition()
    anna, bruno = (make_registration(edition, status="confirmed") for _ in range(2))
    first = queue("meetings_reminder", person=anna, purpose="meetings_reminder:2027-03-23")
    again = queue("meetings_reminder", person=anna, purpose="meetings_reminder:2027-03-23")
    assert (first is not None, again) == (True, None)
    # In bulk, those who had it are left out; the others get theirs.
    added = queue_many("meetings_reminder", [anna, bruno], purpose="meetings_reminder:2027-03-23")
    assert [email.person_id for email in added] == [bruno.pk]
    # Without a purpose an email may go more than once (a new link each time it is asked for).
    queue("networking_sign_in", person=anna)
    queue("networking_sign_in", person=anna)
    assert anna.emails.filter(kind="networking_sign_in").count() == 2
    # The database itself refuses a second one, whatever code writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Email.objects.create(
            kind="meetings_reminder", person=anna, purpose="meetings_reminder:2027-03-23"
        )


def test_an_unknown_kind_is_refused_when_queued_not_later_by_the_worker():
    edition = open_edition()
    with pytest.raises(KeyError):
        queue("no_such_kind", person=make_registration(edition))
    assert not Email.objects.exists()
