"""Participants' networking profiles, marketplace entries, bookmarks and sign-in links.

A profile belongs to one registration: its organisation, organisation type (the stakeholder
category) and country are the registration's, never copied. Only what the participant chose to
publish is shown, and only to signed-in participants of the same edition.
"""

import datetime as dt
import hashlib
import secrets
from urllib.parse import urlsplit

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import images
from common.versions import EditionVersion
from events.models import Edition
from registrations.models import Registration

ECCP_DOMAIN = "clustercollaboration.eu"
TEXT_LIMIT = 1000
MAX_ENTRIES = 5
SIGN_IN_LINK_LIFETIME = dt.timedelta(minutes=15)
SIGNED_IN_AFTER_THE_EDITION = dt.timedelta(days=7)

# Languages a participant may say they speak: the EU's official languages and a few neighbours'.
SPOKEN_LANGUAGES = [
    ("bg", _("Bulgarian")),
    ("hr", _("Croatian")),
    ("cs", _("Czech")),
    ("da", _("Danish")),
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("et", _("Estonian")),
    ("fi", _("Finnish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("el", _("Greek")),
    ("hu", _("Hungarian")),
    ("ga", _("Irish")),
    ("it", _("Italian")),
    ("lv", _("Latvian")),
    ("lt", _("Lithuanian")),
    ("mt", _("Maltese")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("sk", _("Slovak")),
    ("sl", _("Slovenian")),
    ("es", _("Spanish")),
    ("sv", _("Swedish")),
    ("sq", _("Albanian")),
    ("mk", _("Macedonian")),
    ("no", _("Norwegian")),
    ("sr", _("Serbian")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
]
SPOKEN_LANGUAGE_CODES = {code for code, _name in SPOKEN_LANGUAGES}


def validate_eccp_page(url: str) -> None:
    host = (urlsplit(url).hostname or "").lower()
    if host != ECCP_DOMAIN and not host.endswith("." + ECCP_DOMAIN):
        raise ValidationError(
            _("Give a page on %(domain)s, e.g. https://www.%(domain)s/cluster-organisations/…"),
            params={"domain": ECCP_DOMAIN},
            code="not_eccp",
        )


def validate_spoken_languages(codes) -> None:
    if not isinstance(codes, list) or not set(codes) <= SPOKEN_LANGUAGE_CODES:
        raise ValidationError(_("Choose languages from the list."), code="languages")


class Sector(models.Model):
    """An industrial ecosystem participants work in; organisers edit the list."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class NetworkingOptions(models.Model):
    """How an edition's participants' area works."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="networking", verbose_name=_("edition")
    )
    profiles_need_approval = models.BooleanField(
        _("profiles need an organiser's approval"),
        default=False,
        help_text=_("When ticked, a profile appears in the directory only once approved."),
    )

    class Meta:
        verbose_name = _("networking settings")
        verbose_name_plural = _("networking settings")

    def __str__(self) -> str:
        return str(self.edition)


class DirectoryVersion(EditionVersion):
    """How often anything an edition's directory and marketplace show has changed.

    Raised by PostgreSQL triggers (migration 0005) on every write that changes what a listing
    shows, whichever code makes it; `networking.listing` reuses a rendered listing until it
    moves.
    """


class ProfileQuerySet(models.QuerySet):
    def of_edition(self, edition: Edition):
        return self.filter(
            registration__edition=edition, registration__status=Registration.Status.CONFIRMED
        )

    def in_directory(self, edition: Edition):
        """Return the profiles other participants may see: chosen, not hidden, approved if asked."""
        # The edition's option inside the same query: no extra round trip on every page.
        approval_asked = NetworkingOptions.objects.filter(
            edition=edition, profiles_need_approval=True
        )
        return self.of_edition(edition).filter(
            Q(approved_at__isnull=False) | ~Exists(approval_asked),
            listed=True,
            hidden_at__isnull=True,
        )


class HiddenByOrganisers(models.Model):
    """What organisers hid from other participants, and the reason its author was sent."""

    hidden_at = models.DateTimeField(_("hidden by the organisers"), null=True, blank=True)
    hidden_reason = models.TextField(_("why it is hidden"), blank=True)

    class Meta:
        abstract = True


class Profile(HiddenByOrganisers):
    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("registration"),
    )
    listed = models.BooleanField(_("list me in the participant directory"), default=False)
    open_to_meetings = models.BooleanField(_("I am open to one-to-one meetings"), default=False)
    region = models.CharField(_("region"), max_length=100, blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, verbose_name=_("sectors"))
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, validators=[validate_spoken_languages]
    )
    about = models.TextField(
        _("about my organisation"),
        blank=True,
        max_length=TEXT_LIMIT,
        validators=[MaxLengthValidator(TEXT_LIMIT)],
    )
    seeking = models.TextField(
        _("what we are looking for"),
        blank=True,
        max_length=TEXT_LIMIT,
        validators=[MaxLengthValidator(TEXT_LIMIT)],
    )
    text_language = models.CharField(
        _("language of these texts"), max_length=2, choices=SPOKEN_LANGUAGES, default="en"
    )
    website = models.URLField(_("website"), blank=True)
    # Names, organisation and region unstemmed, texts stemmed in their language: kept up to date
    # by PostgreSQL triggers (migration 0004), also when a registration's names change; unused
    # on SQLite, whose search matches substrings.
    search_vector = SearchVectorField(null=True, editable=False)
    eccp_page = models.URLField(
        _("page on the European Cluster Collaboration Platform"),
        blank=True,
        validators=[validate_eccp_page],
    )
    photo = models.ImageField(
        _("photo or logo"),
        upload_to=images.random_upload_name,
        blank=True,
        validators=[images.validate_picture],
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("networking profile")
        verbose_name_plural = _("networking profiles")
        indexes = [models.Index(fields=["listed", "hidden_at"])]

    def __str__(self) -> str:
        return f"{self.registration.full_name} ({self.registration.organisation})"

    def save(self, *args, **kwargs) -> None:
        images.save_with_renditions(
            self, "photo", lambda: super(Profile, self).save(*args, **kwargs)
        )

    @property
    def initials(self) -> str:
        """Shown in place of a photo: "MB" for Marco Bianchi."""
        names = (self.registration.first_name, self.registration.last_name)
        return "".join(name.strip()[:1] for name in names).upper()

    @property
    def photo_urls(self) -> dict[int, str]:
        return images.rendition_urls(self.photo.name) if self.photo else {}

    def language_names(self) -> list[str]:
        names = dict(SPOKEN_LANGUAGES)
        return [str(names[code]) for code in self.languages if code in names]


class EntryQuerySet(models.QuerySet):
    def visible(self, edition: Edition):
        return self.filter(
            profile__in=Profile.objects.in_directory(edition), hidden_at__isnull=True
        )


class Entry(HiddenByOrganisers):
    """An offer, a request or a call for project partners in the marketplace."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Offer")
        REQUEST = "request", _("Request")
        PARTNER = "partner", _("Project partner sought")

    profile = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="entries", verbose_name=_("profile")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(
        _("description"), max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    sectors = models.ManyToManyField(Sector, blank=True, verbose_name=_("sectors"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("marketplace entry")
        verbose_name_plural = _("marketplace entries")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class BookmarkQuerySet(models.QuerySet):
    def visible(self, edition: Edition):
        """Return the bookmarks whose person or entry is still in the directory: someone who
        leaves it, or is hidden, disappears from the others' bookmarks too (and comes back if
        they return)."""
        return self.filter(
            Q(profile__in=Profile.objects.in_directory(edition))
            | Q(entry__in=Entry.objects.visible(edition))
        )


class Bookmark(models.Model):
    """A profile or an entry a participant keeps for later."""

    owner = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="bookmarks", verbose_name=_("owner")
    )
    profile = models.ForeignKey(
        Profile,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("profile"),
    )
    entry = models.ForeignKey(
        Entry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entry"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BookmarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(profile__isnull=False, entry__isnull=True)
                | Q(profile__isnull=True, entry__isnull=False),
                name="bookmark_is_a_profile_or_an_entry",
            ),
            models.UniqueConstraint(fields=["owner", "profile"], name="one_bookmark_per_profile"),
            models.UniqueConstraint(fields=["owner", "entry"], name="one_bookmark_per_entry"),
        ]

    def __str__(self) -> str:
        return str(self.profile or self.entry)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SignInLinkQuerySet(models.QuerySet):
    def usable(self, now: dt.datetime | None = None):
        return self.filter(used_at__isnull=True, expires_at__gt=now or timezone.now())


class SignInLink(models.Model):
    """A one-time link into the participants' area; only its hash is stored."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("registration")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # The person's links when it was issued: "Replace my links" voids it too.
    links_fingerprint = models.CharField(max_length=16, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    objects = SignInLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")

    def __str__(self) -> str:
        return f"{self.registration} ({self.expires_at:%Y-%m-%d %H:%M})"

    @classmethod
    def issue(cls, registration: Registration, now: dt.datetime | None = None) -> str:
        """Store a new link for the registration and return its token (shown only once)."""
        token = secrets.token_urlsafe(24)
        cls.objects.create(
            registration=registration,
            token_hash=hash_token(token),
            links_fingerprint=registration.links_fingerprint,
            expires_at=(now or timezone.now()) + SIGN_IN_LINK_LIFETIME,
        )
        return token


def session_lifetime_end(edition: Edition) -> dt.datetime:
    """A participant stays signed in until a week after the edition's last day."""
    return edition.ends_at + SIGNED_IN_AFTER_THE_EDITION
