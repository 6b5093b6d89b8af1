"""How meetings follow registrations, profiles and the edition's times (through signals)."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from events.models import Edition
from meetings import reminders, services
from meetings.calendar import calendar_meetings, meeting_event
from meetings.models import Matchmaking, MeetingBlock
from networking.models import Profile
from registrations.models import Registration
from registrations.signals import personal_calendar_requested, registration_cancelled


@receiver(registration_cancelled, dispatch_uid="meetings.registration_cancelled")
def free_meetings_of_cancelled(sender, *, registration: Registration, **kwargs) -> None:
    services.withdraw_from_meetings(registration)


@receiver(post_save, sender=Profile, dispatch_uid="meetings.profile_saved")
def free_meetings_of_those_who_opt_out(sender, instance: Profile, **kwargs) -> None:
    if not instance.open_to_meetings:
        services.withdraw_from_meetings(instance.registration)


@receiver(personal_calendar_requested, dispatch_uid="meetings.calendar")
def meetings_in_calendar(sender, *, registration: Registration, **kwargs) -> list:
    return [meeting_event(meeting, registration) for meeting in calendar_meetings(registration)]


@receiver(pre_save, sender=MeetingBlock, dispatch_uid="meetings.block_before")
@receiver(pre_save, sender=Matchmaking, dispatch_uid="meetings.matchmaking_before")
@receiver(pre_save, sender=Edition, dispatch_uid="meetings.edition_before")
def remember_times(sender, instance, **kwargs) -> None:
    fields = {
        MeetingBlock: ("day", "starts_at", "ends_at"),
        Matchmaking: ("slot_minutes", "pause_minutes", "place_id"),
        Edition: ("time_zone",),
    }[sender]
    before = sender.objects.filter(pk=instance.pk).values(*fields).first() if instance.pk else None
    instance._times_before = before


@receiver(post_save, sender=MeetingBlock, dispatch_uid="meetings.block_after")
@receiver(post_save, sender=Matchmaking, dispatch_uid="meetings.matchmaking_after")
@receiver(post_save, sender=Edition, dispatch_uid="meetings.edition_after")
def move_meetings_with_their_times(sender, instance, created: bool, **kwargs) -> None:
    """A moved block, new slot lengths or time zone move the meetings; calendars must follow."""
    before = getattr(instance, "_times_before", None)
    changed = before is not None and any(
        getattr(instance, name) != value for name, value in before.items()
    )
    if sender is MeetingBlock:
        blocks = MeetingBlock.objects.filter(pk=instance.pk)
        matchmakings = Matchmaking.objects.filter(pk=instance.matchmaking_id)
    elif sender is Matchmaking:
        blocks = MeetingBlock.objects.filter(matchmaking=instance)
        matchmakings = Matchmaking.objects.filter(pk=instance.pk)
    else:
        blocks = MeetingBlock.objects.filter(matchmaking__edition=instance)
        matchmakings = Matchmaking.objects.filter(edition=instance)
    if changed:
        services.calendars_changed(blocks)
    if created or changed or sender is Matchmaking:
        for matchmaking in matchmakings.select_related("edition").prefetch_related("blocks"):
            reminders.plan(matchmaking)  # tasks are rows of this database: they commit with it
