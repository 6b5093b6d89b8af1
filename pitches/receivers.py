"""A call saved or removed changes what the edition's cached pages show (its links, its dates)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from events.caching import content_changed
from pitches.models import Call


@receiver(post_save, sender=Call, dispatch_uid="pitches.call_saved")
@receiver(post_delete, sender=Call, dispatch_uid="pitches.call_removed")
def call_changed(sender, instance: Call, raw=False, **kwargs) -> None:
    if not raw:
        content_changed(changed=instance.edition)
