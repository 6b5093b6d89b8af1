"""What participants and organisers do in the participants' area, each in one function."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Edition
from networking.emails import HIDDEN, SIGN_IN
from networking.models import MAX_ENTRIES, Entry, Profile, SignInLink, hash_token
from outbox.models import Email
from registrations.emails import queue_email
from registrations.models import Registration

# One sign-in email per registration in this time, however often the form is sent.
SIGN_IN_EMAIL_INTERVAL = dt.timedelta(minutes=1)


def send_sign_in_link(edition: Edition, email: str, now: dt.datetime | None = None) -> None:
    """Email a sign-in link (or why there is none) to a registration with this address, if any.

    The caller answers the same whatever happens here: the form reveals nobody.
    """
    now = now or timezone.now()
    registration = (
        edition.registrations.filter(email__iexact=email.strip())
        .filter(status__in=Registration.ACTIVE_STATUSES)
        .first()
    )
    if registration is None:
        return
    recently = Email.objects.of(registration).filter(
        kind=SIGN_IN, created_at__gte=now - SIGN_IN_EMAIL_INTERVAL
    )
    with transaction.atomic():
        if not recently.exists():
            queue_email(registration, SIGN_IN)


def use_sign_in_link(
    token: str, *, edition: Edition, now: dt.datetime | None = None
) -> Registration | None:
    """Spend a sign-in link of this edition: return its registration once, while it is valid;
    else None (a link posted to another edition's address is not spent)."""
    now = now or timezone.now()
    with transaction.atomic():
        link = (
            SignInLink.objects.usable(now)
            .select_for_update()
            .select_related("registration__edition")
            .filter(token_hash=hash_token(token), registration__edition=edition)
            .first()
        )
        if link is None or link.links_fingerprint != link.registration.links_fingerprint:
            return None  # unknown, spent, expired, or issued before the links were replaced
        link.used_at = now
        link.save(update_fields=["used_at"])
    return link.registration


def profile_for(registration: Registration) -> Profile:
    """Return the person's profile, creating an empty (unlisted) one the first time, its texts
    presumed in the language the person registered in."""
    profile, _created = Profile.objects.get_or_create(
        registration=registration, defaults={"text_language": registration.language}
    )
    return profile


def earlier_profile(registration: Registration) -> Profile | None:
    """Return the profile this address had at the series' latest earlier edition, if any."""
    return (
        Profile.objects.filter(
            registration__email__iexact=registration.email,
            registration__edition__series_id=registration.edition.series_id,
            registration__edition__start_date__lt=registration.edition.start_date,
            registration__personal_data_purged_at__isnull=True,
        )
        .order_by("-registration__edition__start_date")
        .first()
    )


COPIED_FIELDS = ("region", "languages", "about", "seeking", "text_language", "website", "eccp_page")


@transaction.atomic
def start_from_earlier_profile(profile: Profile, earlier: Profile) -> Profile:
    """Copy the texts and choices of an earlier profile; listing stays the person's choice."""
    for name in COPIED_FIELDS:
        setattr(profile, name, getattr(earlier, name))
    profile.save()
    profile.sectors.set(earlier.sectors.all())
    return profile


class TooManyEntriesError(Exception):
    pass


@transaction.atomic
def add_entry(profile: Profile, entry: Entry, sectors) -> Entry:
    """Publish an entry, refusing a sixth (the profile row is locked while counting)."""
    Profile.objects.select_for_update().get(pk=profile.pk)
    if profile.entries.count() >= MAX_ENTRIES:
        raise TooManyEntriesError(
            _("You already have %(count)d entries, the most allowed: delete one first.")
            % {"count": MAX_ENTRIES}
        )
    entry.profile = profile
    entry.save()
    entry.sectors.set(sectors)
    return entry


@transaction.atomic
def hide(item: Profile | Entry, reason: str, now: dt.datetime | None = None) -> None:
    """Hide a profile or an entry from the directory and tell its author why."""
    item.hidden_at, item.hidden_reason = now or timezone.now(), reason
    item.save(update_fields=["hidden_at", "hidden_reason"])
    profile = item if isinstance(item, Profile) else item.profile
    entry_title = "" if isinstance(item, Profile) else item.title
    queue_email(
        profile.registration, HIDDEN, details={"entry_title": entry_title, "reason": reason}
    )


@transaction.atomic
def show_again(item: Profile | Entry) -> None:
    item.hidden_at, item.hidden_reason = None, ""
    item.save(update_fields=["hidden_at", "hidden_reason"])


@transaction.atomic
def approve(profiles, now: dt.datetime | None = None) -> int:
    return profiles.filter(approved_at__isnull=True).update(approved_at=now or timezone.now())
