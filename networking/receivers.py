"""What networking does when its rows go (a deleted profile takes its photo files along) and when
the worker has made a photo's renditions (the listings that show it are rendered anew)."""

from django.db.models import F
from django.db.models.signals import post_delete
from django.dispatch import receiver

from common import images
from networking.models import Profile


@receiver(post_delete, sender=Profile, dispatch_uid="networking.profile_photo_files")
def delete_photo_files(sender, instance: Profile, **kwargs) -> None:
    if instance.photo:
        images.delete_picture_files(instance.photo.name)


@receiver(images.renditions_made, dispatch_uid="networking.profile_photo_made")
def show_made_photo(sender, original_name: str, **kwargs) -> None:
    # Writing the row raises its edition's directory version (a trigger of migration 0005).
    Profile.objects.filter(photo=original_name).update(photo=F("photo"))
