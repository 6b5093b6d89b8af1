"""Follow the programme: tell attendees when a session in their calendar moves or is cancelled,
and give places freed by a raised capacity to those waiting."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.tasks import task

from events.models import Edition, Session
from events.signals import session_rescheduled
from registrations import emails
from registrations.models import Registration
from registrations.services.lifecycle import fill_free_places


@receiver(session_rescheduled, dispatch_uid="registrations.notify_attendees")
def notify_attendees(
    sender,
    *,
    session: Session,
    changed_fields: tuple[str, ...],
    previous: dict,
    tell_attendees: bool = True,
    **kwargs,
):
    if not tell_attendees:
        return  # a minor correction: calendars follow, nobody is emailed
    # The organiser's save returns at once; the worker writes one email per attendee.
    notify_attendees_of_change.enqueue(session.pk, list(changed_fields), previous)


@task()
def notify_attendees_of_change(session_id: int, changed_fields: list[str], previous: dict) -> int:
    """Queue the session-changed email for everyone whose calendar holds the session."""
    session = Session.objects.select_related("edition").filter(pk=session_id).first()
    if session is None:
        return 0
    with transaction.atomic():
        attendees = Registration.objects.whose_calendar_holds(session).select_related("edition")
        count = 0
        for registration in attendees:
            emails.queue_email(
                registration,
                emails.SessionChanged,
                details={
                    "session": session.pk,
                    "changed_fields": list(changed_fields),
                    "previous": previous,
                },
            )
            count += 1
    return count


@receiver(post_save, sender=Edition, dispatch_uid="registrations.places_of_edition")
@receiver(post_save, sender=Session, dispatch_uid="registrations.places_of_session")
def give_free_places_to_those_waiting(sender, instance, raw=False, **kwargs) -> None:
    if raw or (sender is Session and instance.capacity is None):
        return
    fill_free_places(edition_id=instance.pk if sender is Edition else instance.edition_id)
