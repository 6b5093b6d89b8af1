"""What networking does when its rows go: a deleted profile takes its photo files along."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from common import images
from networking.models import Profile


@receiver(post_delete, sender=Profile, dispatch_uid="networking.profile_photo_files")
def delete_photo_files(sender, instance: Profile, **kwargs) -> None:
    if instance.photo:
        images.delete_picture_files(instance.photo.name)
