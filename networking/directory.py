"""Finding people and entries: filters, keyword search, suggestions.

Keyword search uses PostgreSQL's full-text search, each text with the stemming of the language
it is written in (its author says which) and names and organisations without stemming; on the
SQLite development database it falls back to a case-insensitive substring match.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.db.models.fields import CharField
from django.utils.translation import gettext as _

from networking.models import Entry, Profile, Sector
from registrations.models import Category

# PostgreSQL's text search configurations for the languages it can stem; others use "simple".
TEXT_SEARCH_CONFIGS = {
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hu": "hungarian",
    "it": "italian",
    "lt": "lithuanian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "sr": "serbian",
    "es": "spanish",
    "sv": "swedish",
    "tr": "turkish",
}
PROFILE_NAME_FIELDS = ("registration__first_name", "registration__last_name")
PROFILE_NAME_FIELDS += ("registration__organisation", "region")


def config_of(language_field: str) -> Case:
    return Case(
        *(
            When(**{language_field: code}, then=Value(name))
            for code, name in TEXT_SEARCH_CONFIGS.items()
        ),
        default=Value("simple"),
        output_field=CharField(),
    )


def keyword_match(
    queryset: QuerySet,
    words: str,
    *,
    names: tuple[str, ...],
    texts: tuple[str, ...],
    language_field: str,
) -> QuerySet:
    """Filter to rows whose names or texts match the words, as a search box would."""
    words = words.strip()
    if not words:
        return queryset
    if connection.vendor != "postgresql":
        matches = Q()
        for name in names + texts:
            matches |= Q(**{f"{name}__icontains": words})
        return queryset.filter(matches)
    config = config_of(language_field)
    return queryset.annotate(
        _names=SearchVector(*names, config="simple"),
        _texts=SearchVector(*texts, config=config),
    ).filter(
        Q(_names=SearchQuery(words, config="simple", search_type="websearch"))
        | Q(_texts=SearchQuery(words, config=config, search_type="websearch"))
    )


@dataclass
class DirectoryFilters:
    country: str = ""
    category: str = ""
    sector: str = ""
    language: str = ""
    open_to_meetings: bool = False
    words: str = ""

    def apply_to_profiles(self, profiles: QuerySet) -> QuerySet:
        if self.country:
            profiles = profiles.filter(registration__country=self.country)
        if self.category:
            profiles = profiles.filter(registration__category=self.category)
        if self.sector:
            profiles = profiles.filter(sectors__slug=self.sector)
        if self.language:
            # A JSON list of codes: match the quoted code, which works on PostgreSQL and SQLite.
            profiles = profiles.filter(languages__icontains=f'"{self.language}"')
        if self.open_to_meetings:
            profiles = profiles.filter(open_to_meetings=True)
        return keyword_match(
            profiles,
            self.words,
            names=PROFILE_NAME_FIELDS,
            texts=("about", "seeking"),
            language_field="text_language",
        ).distinct()

    def apply_to_entries(self, entries: QuerySet) -> QuerySet:
        if self.country:
            entries = entries.filter(profile__registration__country=self.country)
        if self.category:
            entries = entries.filter(profile__registration__category=self.category)
        if self.sector:
            entries = entries.filter(sectors__slug=self.sector)
        if self.open_to_meetings:
            entries = entries.filter(profile__open_to_meetings=True)
        return keyword_match(
            entries,
            self.words,
            names=("profile__registration__organisation",),
            texts=("title", "description"),
            language_field="profile__text_language",
        ).distinct()


def profiles_for_listing(profiles: QuerySet) -> QuerySet:
    """What a directory page shows of each profile, in a constant number of queries."""
    return (
        profiles.select_related("registration")
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.all()))
        .order_by("registration__organisation", "registration__last_name", "pk")
    )


def entries_for_listing(entries: QuerySet) -> QuerySet:
    return (
        entries.select_related("profile__registration")
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.all()))
        .order_by("-created_at", "pk")
    )


@dataclass(frozen=True)
class Suggestion:
    profile: Profile
    reasons: list[str]
    cross_border: bool


PUBLIC_AUTHORITIES = {Category.REGIONAL_AUTHORITY, Category.NATIONAL_AUTHORITY}
SEEKING_KINDS = {Entry.Kind.REQUEST, Entry.Kind.PARTNER}


def sector_ids(item) -> set[int]:
    return {sector.pk for sector in item.sectors.all()}


def suggest(me: Profile, candidates: list[Profile], limit: int = 6) -> list[Suggestion]:
    """Return the profiles most worth meeting, each with its reasons in words.

    Rules, not a score: an entry of theirs that answers one of mine (a shared sector between
    an offer and a request), a shared sector, a public authority for a non-authority. People
    from another country come first (the series is about interregional collaboration), then
    those with more reasons. `candidates` need their registration, sectors and entries loaded.
    """
    my_entries = [entry for entry in me.entries.all() if entry.hidden_at is None]
    my_sectors = sector_ids(me)
    suggestions = []
    for other in candidates:
        if other.pk == me.pk:
            continue
        reasons = []
        their_entries = [entry for entry in other.entries.all() if entry.hidden_at is None]
        for theirs in their_entries:
            for mine in my_entries:
                if not sector_ids(theirs) & sector_ids(mine):
                    continue
                if theirs.kind in SEEKING_KINDS and mine.kind == Entry.Kind.OFFER:
                    reasons.append(
                        _("their request “%(theirs)s” matches your offer “%(mine)s”")
                        % {"theirs": theirs.title, "mine": mine.title}
                    )
                elif theirs.kind == Entry.Kind.OFFER and mine.kind in SEEKING_KINDS:
                    reasons.append(
                        _("their offer “%(theirs)s” answers your request “%(mine)s”")
                        % {"theirs": theirs.title, "mine": mine.title}
                    )
        other_country = other.registration.country != me.registration.country
        if shared := [s.name for s in other.sectors.all() if s.pk in my_sectors]:
            if other_country:
                reasons.append(
                    _("same sector (%(sectors)s), another country (%(country)s)")
                    % {"sectors": ", ".join(shared), "country": other.registration.country.name}
                )
            else:
                reasons.append(_("same sector (%(sectors)s)") % {"sectors": ", ".join(shared)})
        if (
            other.registration.category in PUBLIC_AUTHORITIES
            and me.registration.category not in PUBLIC_AUTHORITIES
        ):
            reasons.append(
                _("a public authority (%(region)s)")
                % {"region": other.region or other.registration.country.name}
            )
        if reasons:
            suggestions.append(Suggestion(other, reasons, cross_border=other_country))
    suggestions.sort(
        key=lambda s: (not s.cross_border, -len(s.reasons), s.profile.registration.organisation)
    )
    return suggestions[:limit]
