"""How networking follows what happens to registrations (through their signals)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.template.loader import render_to_string

from common import images
from networking import access
from networking.models import Profile
from registrations.models import Registration
from registrations.signals import manage_page_shown


@receiver(manage_page_shown, dispatch_uid="networking.manage_page")
def participants_area_section(sender, *, request, registration: Registration, **kwargs) -> str:
    """The manage link signs the person in; the area lets in only confirmed participants and
    tells the others why not."""
    access.sign_in(request, registration)
    return render_to_string(
        "networking/_manage_section.html",
        {"registration": registration, "edition": registration.edition},
        request=request,
    )


@receiver(post_delete, sender=Profile, dispatch_uid="networking.profile_photo_files")
def delete_photo_files(sender, instance: Profile, **kwargs) -> None:
    if instance.photo:
        images.delete_picture_files(instance.photo.name)
