"""How networking follows what happens to registrations (through their signals)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.template.loader import render_to_string

from events import images
from networking import access
from networking.models import Profile
from registrations.models import Registration
from registrations.signals import manage_page_shown, personal_data_purged, personal_data_requested


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


@receiver(personal_data_requested, dispatch_uid="networking.personal_data")
def networking_data(sender, *, registration: Registration, **kwargs) -> dict:
    profile = Profile.objects.filter(registration=registration).first()
    if profile is None:
        return {"networking_profile": None}
    return {
        "networking_profile": {
            "listed": profile.listed,
            "open_to_meetings": profile.open_to_meetings,
            "region": profile.region,
            "sectors": [sector.name for sector in profile.sectors.all()],
            "languages": profile.languages,
            "text_language": profile.text_language,
            "about": profile.about,
            "seeking": profile.seeking,
            "website": profile.website,
            "eccp_page": profile.eccp_page,
            "has_photo": bool(profile.photo),
            "hidden_reason": profile.hidden_reason,
            "entries": [
                {
                    "kind": entry.kind,
                    "title": entry.title,
                    "description": entry.description,
                    "deadline": entry.deadline,
                    "sectors": [sector.name for sector in entry.sectors.all()],
                }
                for entry in profile.entries.all()
            ],
            "bookmarks": [
                str(bookmark.profile or bookmark.entry)
                for bookmark in profile.bookmarks.select_related("profile__registration", "entry")
            ],
        }
    }


@receiver(personal_data_purged, dispatch_uid="networking.purge")
def purge_profiles(sender, *, registration_ids: list[int], **kwargs) -> None:
    for profile in Profile.objects.filter(registration_id__in=registration_ids):
        profile.delete()  # one by one, so that each photo's files go too


@receiver(post_delete, sender=Profile, dispatch_uid="networking.profile_photo_files")
def delete_photo_files(sender, instance: Profile, **kwargs) -> None:
    if instance.photo:
        images.delete_picture_files(instance.photo.name)
