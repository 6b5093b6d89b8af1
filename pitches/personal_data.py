"""What the call holds about a person: their application (their own download and erasure, from
their personal link, and within a registered person's download at the same address) and, for
participants, their audience vote. Applications lose their personal data with the edition's
retention, keeping the anonymous figures (category, country, status)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower

from outbox.models import Email
from pitches import services
from pitches.models import Application, Vote
from registrations.models import Registration
from registrations.personal_data import PersonalData, register


def application_data(application: Application) -> dict[str, Any]:
    return {
        "organisation": application.organisation,
        "country": application.country.code,
        "contact_person": application.contact_name,
        "email": application.email,
        "phone": application.phone,
        "website": application.website,
        "category": str(application.category),
        "pitch_title": application.title,
        "summary": application.summary,
        "seeking": application.seeking,
        "has_deck": bool(application.deck),
        "publish_deck_after_the_event": application.publish_deck,
        "status": application.status,
        "applied_at": application.created_at,
        "confirmed_at": application.confirmed_at,
        "emails": [
            {"kind": email.kind, "status": email.status, "created_at": email.created_at}
            for email in Email.objects.of(application)
        ],
    }


@transaction.atomic
def erase_application(application: Application) -> None:
    """Erase an application and everything about it; a place it held goes to the next reserve."""
    if application.may_withdraw():
        services.withdraw(application_id=application.pk)
    application.refresh_from_db()
    services.remove_from_programme(application)
    if application.deck:
        application.deck.delete(save=False)
    Email.objects.of(application).delete()
    application.delete()


def applications_at_addresses(registrations):
    pairs = {(r.edition_id, r.email.lower()) for r in registrations if r.email}
    found = []
    for edition_id, address in pairs:
        found += Application.objects.alias(address=Lower("email")).filter(
            call__edition_id=edition_id, address=address
        )
    return found


@register
class PitchData(PersonalData):
    models = (Application, Vote)

    def export(self, registration: Registration) -> dict[str, Any]:
        vote = Vote.objects.filter(registration=registration).select_related("application")
        return {
            "pitch_applications": [
                application_data(a) for a in applications_at_addresses([registration])
            ],
            "audience_votes": [{"pitch": str(v.application), "at": v.created_at} for v in vote],
        }

    def erase(self, registration_ids: list[int], *, now: dt.datetime) -> None:
        Vote.objects.filter(registration_id__in=registration_ids).delete()

    def purge_edition(self, edition, *, now: dt.datetime) -> None:
        applications = Application.objects.filter(
            call__edition=edition, personal_data_purged_at__isnull=True
        )
        for application in applications:
            if application.deck:
                application.deck.delete(save=False)
            Email.objects.of(application).delete()
        applications.update(
            contact_name="",
            email="",
            phone="",
            deck="",
            personal_data_purged_at=now,
        )
