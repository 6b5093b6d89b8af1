"""What the participants' area holds about a person: profile, entries, bookmarks, sign-in links."""

import datetime as dt
from typing import Any

from networking.models import Bookmark, Entry, Profile, SignInLink
from registrations.models import Registration
from registrations.personal_data import PersonalData, register


@register
class NetworkingData(PersonalData):
    models = (Profile, Entry, Bookmark, SignInLink)

    def export(self, registration: Registration) -> dict[str, Any]:
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
                    for bookmark in profile.bookmarks.visible(
                        profile.registration.edition
                    ).select_related("profile__registration", "entry")
                ],
            }
        }

    def erase(self, registration_ids: list[int], *, now: dt.datetime) -> None:
        SignInLink.objects.filter(registration_id__in=registration_ids).delete()
        for profile in Profile.objects.filter(registration_id__in=registration_ids):
            profile.delete()  # one by one, so that each photo's files go too
