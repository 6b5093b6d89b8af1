"""Tell attendees when a session in their calendar moves or is cancelled."""

from django.db import transaction
from django.dispatch import receiver

from events.models import Session
from events.signals import session_rescheduled
from registrations.emails import queue_email
from registrations.models import EmailDelivery
from registrations.services import attendees_of


@receiver(session_rescheduled, dispatch_uid="registrations.notify_attendees")
def notify_attendees(sender, *, session: Session, changed_fields: tuple[str, ...], **kwargs):
    with transaction.atomic():
        for registration in attendees_of(session):
            queue_email(
                registration,
                EmailDelivery.Kind.SESSION_CHANGED,
                session=session,
                changed_fields=changed_fields,
            )
