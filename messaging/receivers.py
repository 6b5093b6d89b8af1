"""Timed messages follow their edition: created with it, moved with its dates."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from events.models import Edition
from messaging import services
from messaging.models import TimedMessage


@receiver(post_save, sender=Edition, dispatch_uid="messaging.timed_messages")
def follow_the_edition(sender, instance: Edition, raw=False, **kwargs) -> None:
    if raw:
        return
    services.ensure_timed_messages(instance)
    for message in TimedMessage.objects.filter(edition=instance, is_on=True):
        services.plan(message.pk)


@receiver(post_save, sender=TimedMessage, dispatch_uid="messaging.plan_timed_message")
def plan_when_switched_on(sender, instance: TimedMessage, raw=False, **kwargs) -> None:
    if not raw and instance.is_on:
        services.plan(instance.pk)
