"""Cleaning up: expiring unconfirmed registrations, erasing a person, purging old editions."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from events.caching import content_changed
from events.models import Edition
from registrations import personal_data
from registrations.models import Registration, Seat
from registrations.services.lifecycle import cancel_registration

Status = Registration.Status


@transaction.atomic
def erase_registration(*, registration_id: int, now: dt.datetime | None = None) -> None:
    """Delete a registration and everything about the person, freeing their places first."""
    cancel_registration(registration_id=registration_id, now=now)
    # Every app erases its part, the outbox's emails too: the cancellation email was only
    # queued, and must not go out to an erased person.
    personal_data.erase([registration_id], now=now)
    Registration.objects.filter(pk=registration_id).delete()


def expire_unconfirmed(*, now: dt.datetime | None = None) -> int:
    """Mark registrations whose confirmation link ran out as expired; they held no places."""
    with transaction.atomic():
        expired = list(
            Registration.objects.expired_pending(now)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        Seat.objects.filter(registration_id__in=expired).update(status=Seat.Status.CANCELLED)
        Registration.objects.filter(pk__in=expired).update(status=Status.EXPIRED)
    return len(expired)


@dataclass(frozen=True)
class PurgeResult:
    edition: Edition
    count: int


def purge_personal_data(
    *, editions, after_days: int, dry_run: bool = False, now: dt.datetime | None = None
) -> list[PurgeResult]:
    """Erase attendees' personal data of editions that ended `after_days` ago or more.

    What stays: the status, category, country and days (anonymous counts), and when consent
    was given to which version of the privacy notice.
    """
    now = now or timezone.now()
    results = []
    for edition in editions:
        if edition.ends_at + dt.timedelta(days=after_days) > now:
            continue
        registrations = edition.registrations.filter(personal_data_purged_at__isnull=True)
        if dry_run:
            results.append(PurgeResult(edition, registrations.count()))
            continue
        with transaction.atomic():
            ids = list(registrations.select_for_update().values_list("pk", flat=True))
            count = personal_data.erase(ids, now=now)
            personal_data.purge_edition(edition, now=now)
            if count:
                content_changed(changed=edition)  # its pages named organisations
        results.append(PurgeResult(edition, count))
    return results
