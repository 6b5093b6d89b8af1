"""Finding people and entries: filters, keyword search, suggestions.

Keyword search uses PostgreSQL's full-text search, each text with the stemming of the language
it is written in (its author says which) and names and organisations without stemming; on the
SQLite development database it falls back to a case-insensitive substring match. On both, every
word must match somewhere. Profiles keep their vector (PostgreSQL triggers, migration 0004), and
the searched words are stemmed as every language would, so the vectors' index answers; entries'
vectors are still built as they are searched.
"""

import hashlib
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields import CharField
from django.db.models.functions import Coalesce, Collate, Lower
from django.utils.translation import gettext as _
from django_countries.fields import Country

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
    stored_vector: str | None = None,
) -> QuerySet:
    """Filter to rows where every word matches somewhere (a name, an organisation, a text), as
    a search box would: "Marco Bianchi", "Rossi Maria", "Bianchi aerospace".

    With `stored_vector`, the rows' vectors are read from that field (kept by the database as
    the vector built here would be) instead of being built for every row.
    """
    terms = words.split()
    if not terms:
        return queryset
    if connection.vendor != "postgresql":
        return containing_every_word(queryset, terms, names + texts)
    if stored_vector:
        # Each word as typed or stemmed in any language: one query for every row, which the
        # vectors' index answers (a row's stems are those of its own language).
        forms_of = [
            [SearchQuery(term, config=name) for name in ("simple", *TEXT_SEARCH_CONFIGS.values())]
            for term in terms
        ]
        searched = queryset.alias(_words=F(stored_vector))
    else:
        # Each word as typed (names) or stemmed in the text's language ("cluster" finds
        # "clusters").
        config = config_of(language_field)
        forms_of = [
            [SearchQuery(term, config="simple"), SearchQuery(term, config=config)] for term in terms
        ]
        searched = queryset.alias(
            _words=SearchVector(*names, config="simple") + SearchVector(*texts, config=config)
        )
    every_word = reduce(and_, (reduce(or_, forms) for forms in forms_of))
    return searched.filter(_words=every_word)


def containing_every_word(queryset: QuerySet, terms: list[str], fields: tuple[str, ...]):
    """The embedded database's search: each word inside one of the fields, any case."""
    for term in terms:
        somewhere = Q()
        for name in fields:
            somewhere |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(somewhere)
    return queryset


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
            # A subquery, not a join: no duplicate rows, so no DISTINCT over long texts.
            in_sector = Profile.sectors.through.objects.filter(sector__slug=self.sector)
            profiles = profiles.filter(pk__in=in_sector.values("profile_id"))
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
            stored_vector="search_vector",
        )

    def apply_to_entries(self, entries: QuerySet) -> QuerySet:
        if self.country:
            entries = entries.filter(profile__registration__country=self.country)
        if self.category:
            entries = entries.filter(profile__registration__category=self.category)
        if self.sector:
            in_sector = Entry.sectors.through.objects.filter(sector__slug=self.sector)
            entries = entries.filter(pk__in=in_sector.values("entry_id"))
        if self.open_to_meetings:
            entries = entries.filter(profile__open_to_meetings=True)
        return keyword_match(
            entries,
            self.words,
            names=("profile__registration__organisation",),
            texts=("title", "description"),
            language_field="profile__text_language",
        )


PROFILE_ORDER = ("registration__organisation", "registration__last_name", "pk")
ENTRY_ORDER = ("-created_at", "pk")


def profiles_for_listing(profiles: QuerySet) -> QuerySet:
    """What a directory page shows of each profile, in a constant number of queries."""
    return (
        profiles.select_related("registration")
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.all()))
        .order_by(*PROFILE_ORDER)
    )


def entries_for_listing(entries: QuerySet) -> QuerySet:
    return (
        entries.select_related("profile__registration")
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.all()))
        .order_by(*ENTRY_ORDER)
    )


class ListingPaginator(Paginator):
    """Pages of a listing that count and order only the rows' ids, then load the one page shown.

    Sorting whole rows (45 columns of profiles joined to registrations) to show 20 of them
    costs more as the edition grows; sorting ids does not carry the rest along.
    """

    def __init__(self, rows: QuerySet, order: tuple[str, ...], load, per_page: int):
        super().__init__(rows.order_by(*order).values_list("pk", flat=True), per_page)
        self.load = load

    def _get_page(self, ids, number, paginator):
        ids = list(ids)
        loaded = {row.pk: row for row in self.load(ids)}
        return super()._get_page([loaded[pk] for pk in ids if pk in loaded], number, paginator)


def profile_page(profiles: QuerySet, number, per_page: int) -> Page:
    """One page of the directory: the profiles in order, each with what its card shows."""
    paginator = ListingPaginator(
        profiles,
        PROFILE_ORDER,
        lambda ids: profiles_for_listing(Profile.objects.filter(pk__in=ids)),
        per_page,
    )
    return paginator.get_page(number)


def entry_page(entries: QuerySet, number, per_page: int) -> Page:
    """One page of the marketplace: the entries in order, each with what its card shows."""
    paginator = ListingPaginator(
        entries,
        ENTRY_ORDER,
        lambda ids: entries_for_listing(Entry.objects.filter(pk__in=ids)),
        per_page,
    )
    return paginator.get_page(number)


@dataclass(frozen=True)
class Candidate:
    """What suggestions read of a listed profile, as plain values (500 load in a few ms)."""

    profile_id: int
    country: str
    category: str
    region: str
    organisation: str
    sectors: frozenset[int]
    entries: tuple[tuple[str, str, frozenset[int]], ...]  # (kind, title, sector ids)


def candidates(profiles: QuerySet) -> list[Candidate]:
    """Return the profiles as candidates, in four queries whatever their number."""
    rows = list(
        profiles.values_list(
            "pk",
            "registration__country",
            "registration__category",
            "region",
            "registration__organisation",
        )
    )
    ids = [row[0] for row in rows]
    sectors: dict[int, set[int]] = {pk: set() for pk in ids}
    for profile_id, sector_id in Profile.sectors.through.objects.filter(
        profile_id__in=ids
    ).values_list("profile_id", "sector_id"):
        sectors[profile_id].add(sector_id)
    entries = list(
        Entry.objects.filter(profile_id__in=ids, hidden_at__isnull=True)
        .order_by(*ENTRY_ORDER)
        .values_list("pk", "profile_id", "kind", "title")
    )
    entry_sectors: dict[int, set[int]] = {row[0]: set() for row in entries}
    for entry_id, sector_id in Entry.sectors.through.objects.filter(
        entry_id__in=list(entry_sectors)
    ).values_list("entry_id", "sector_id"):
        entry_sectors[entry_id].add(sector_id)
    by_profile: dict[int, list] = {pk: [] for pk in ids}
    for entry_id, profile_id, kind, title in entries:
        by_profile[profile_id].append((kind, title, frozenset(entry_sectors[entry_id])))
    return [
        Candidate(pk, str(country), category, region, organisation,
                  frozenset(sectors[pk]), tuple(by_profile[pk]))
        for pk, country, category, region, organisation in rows
    ]  # fmt: skip


@dataclass(frozen=True)
class Suggestion:
    profile_id: int
    reasons: list[str]
    cross_border: bool


PUBLIC_AUTHORITIES = {Category.REGIONAL_AUTHORITY, Category.NATIONAL_AUTHORITY}
SEEKING_KINDS = {Entry.Kind.REQUEST, Entry.Kind.PARTNER}


def candidate_of(profile: Profile) -> Candidate:
    """The candidate of a profile loaded with its registration, sectors and entries' sectors
    (as `candidates` reads it, without querying again)."""
    registration = profile.registration
    return Candidate(
        profile.pk,
        str(registration.country),
        registration.category,
        profile.region,
        registration.organisation,
        frozenset(sector.pk for sector in profile.sectors.all()),
        tuple(
            (entry.kind, entry.title, frozenset(sector.pk for sector in entry.sectors.all()))
            for entry in sorted(
                profile.entries.all(), key=lambda entry: (-entry.created_at.timestamp(), entry.pk)
            )  # as ENTRY_ORDER
            if entry.hidden_at is None
        ),
    )


def suggest(
    me: Candidate,
    others: list[Candidate],
    limit: int = 6,
    *,
    sector_names: dict[int, str] | None = None,
) -> list[Suggestion]:
    """Return the profiles most worth meeting, each with its reasons in words.

    Rules, not a score: an entry of theirs that answers one of mine (a shared sector between
    an offer and a request), a shared sector, a public authority for a non-authority. People
    from another country come first (the series is about interregional collaboration), then
    those with more reasons.
    """
    if sector_names is None:
        sector_names = {sector.pk: sector.name for sector in Sector.objects.all()}
    suggestions = []
    for other in others:
        if other.profile_id == me.profile_id:
            continue
        reasons = []
        for their_kind, their_title, their_sectors in other.entries:
            for my_kind, my_title, my_sectors in me.entries:
                if not their_sectors & my_sectors:
                    continue
                if their_kind in SEEKING_KINDS and my_kind == Entry.Kind.OFFER:
                    reasons.append(
                        _("their request “%(theirs)s” matches your offer “%(mine)s”")
                        % {"theirs": their_title, "mine": my_title}
                    )
                elif their_kind == Entry.Kind.OFFER and my_kind in SEEKING_KINDS:
                    reasons.append(
                        _("their offer “%(theirs)s” answers your request “%(mine)s”")
                        % {"theirs": their_title, "mine": my_title}
                    )
        cross_border = other.country != me.country
        if shared := sorted(sector_names[pk] for pk in other.sectors & me.sectors):
            if cross_border:
                reasons.append(
                    _("same sector (%(sectors)s), another country (%(country)s)")
                    % {"sectors": ", ".join(shared), "country": Country(other.country).name}
                )
            else:
                reasons.append(_("same sector (%(sectors)s)") % {"sectors": ", ".join(shared)})
        if other.category in PUBLIC_AUTHORITIES and me.category not in PUBLIC_AUTHORITIES:
            reasons.append(
                _("a public authority (%(region)s)")
                % {"region": other.region or Country(other.country).name}
            )
        if reasons:
            suggestions.append(Suggestion(other.profile_id, reasons, cross_border))
    organisation = {other.profile_id: other.organisation.casefold() for other in others}
    suggestions.sort(
        key=lambda s: (not s.cross_border, -len(s.reasons), organisation[s.profile_id])
    )
    return suggestions[:limit]


def answering_kinds(kind: str) -> set[str]:
    """The kinds of entries that answer an entry of this kind (an offer answers a request)."""
    return SEEKING_KINDS if kind == Entry.Kind.OFFER else {Entry.Kind.OFFER}


def worth_meeting(me: Candidate, listed: QuerySet, limit: int = 6) -> QuerySet:
    """Return the listed profiles `suggest` would put first for me, chosen by the database.

    The same rules counted in SQL (one reason per pair of answering entries, one for shared
    sectors, one for a public authority), so a page loads the few it shows, not every profile.
    Those with any reason are found first through three sets the database builds once (whose
    entries answer mine, who shares a sector, which authorities); only they are counted.
    """
    entry_sectors = Entry.sectors.through.objects
    reasons = Value(0, output_field=IntegerField())
    has_reason = Q(pk__in=[])
    for kind, _title, sectors in me.entries:
        if not sectors:
            continue
        answers = Entry.objects.filter(
            hidden_at__isnull=True,
            kind__in=answering_kinds(kind),
            pk__in=entry_sectors.filter(sector_id__in=sectors).values("entry_id"),
        )
        has_reason |= Q(pk__in=answers.values("profile_id"))
        counted = (
            answers.filter(profile=OuterRef("pk"))
            .order_by()
            .values("profile")
            .annotate(n=Count("pk"))
            .values("n")
        )
        reasons += Coalesce(Subquery(counted[:1]), 0)
    if me.sectors:
        sharing = Profile.sectors.through.objects.filter(sector_id__in=me.sectors)
        has_reason |= Q(pk__in=sharing.values("profile_id"))
        reasons += Case(When(Exists(sharing.filter(profile_id=OuterRef("pk"))), then=1), default=0)
    if me.category not in PUBLIC_AUTHORITIES:
        authority = Q(registration__category__in=PUBLIC_AUTHORITIES)
        has_reason |= authority
        reasons += Case(When(authority, then=1), default=0)
    return (
        listed.exclude(pk=me.profile_id)
        .filter(has_reason)
        .annotate(
            reason_count=reasons,
            same_country=Case(When(registration__country=me.country, then=1), default=0),
        )
        .order_by("same_country", "-reason_count", by_name("registration__organisation"), "pk")[
            :limit
        ]
    )


def by_name(field: str) -> Collate:
    """Order by a name in lower case by code points, as Python sorts, whatever the database's
    collation (which may ignore spaces and accents)."""
    return Collate(Lower(field), "C" if connection.vendor == "postgresql" else "BINARY")


def with_entries(profiles: QuerySet) -> QuerySet:
    """Profiles with what `candidate_of` reads: registration, sectors, entries and theirs."""
    return profiles.select_related("registration").prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.all()),
        Prefetch("entries", queryset=Entry.objects.prefetch_related("sectors")),
    )


def suggestions_for(profile: Profile, listed: QuerySet) -> list[dict]:
    """Return the suggestions for a profile (loaded by `with_entries`) among the listed ones,
    ready for the page: the database chooses, and only those chosen are loaded.

    The choice is kept for SUGGESTIONS_CACHE_SECONDS for the same profile as it is now (a
    change to mine chooses again at once); others' changes reach it within that time. Those
    chosen are read again through `listed` on every view, with their reasons: someone who
    left the directory meanwhile is not shown.
    """
    me = candidate_of(profile)
    key = "suggestions:" + hashlib.sha256(repr(me).encode()).hexdigest()
    chosen = cache.get(key)
    if chosen is None:
        chosen = list(worth_meeting(me, listed).values_list("pk", flat=True))
        cache.set(key, chosen, settings.SUGGESTIONS_CACHE_SECONDS)
    shown = with_entries(listed.filter(pk__in=chosen).order_by("pk"))
    by_id = {shown_profile.pk: shown_profile for shown_profile in shown}
    # Shared sectors are among mine: their names are already loaded.
    my_sectors = {sector.pk: sector.name for sector in profile.sectors.all()}
    found = suggest(me, [candidate_of(other) for other in by_id.values()], sector_names=my_sectors)
    return [{"profile": by_id[s.profile_id], "reasons": s.reasons} for s in found]
