"""Realistic fake participants for trying the participants' area and for the benchmark.

People come from the host country and six others, in groups of one to four per organisation;
names, genders, organisations, regions and sectors belong together (demo_data.py), no two people
share a name, and texts are in English or Italian. A fixed seed makes two runs give the same
people. Addresses end in .invalid (RFC 2606): nothing is ever delivered to them.
"""

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from events.models import Edition
from networking.demo_data import (
    ABOUT,
    CATEGORY_WEIGHTS,
    CLUSTER_NAMES,
    COUNTRIES,
    JOB_TITLES,
    SECTOR_WORDS,
    SEEKING,
    START_UP_ENDINGS,
    Country,
)
from networking.models import Entry, Profile, Sector
from registrations.models import AttendedDay, Category, Registration, new_token

ENTRIES = {
    "en": [
        (Entry.Kind.OFFER, "Test facilities for {sector}"),
        (Entry.Kind.REQUEST, "Pilot sites for {sector} in another region"),
        (Entry.Kind.PARTNER, "Partners for a Horizon Europe proposal on {sector}"),
    ],
    "it": [
        (Entry.Kind.OFFER, "Laboratori di prova per il settore {sector}"),
        (Entry.Kind.REQUEST, "Siti pilota per il settore {sector} in un'altra regione"),
        (Entry.Kind.PARTNER, "Partner per una proposta Horizon Europe sul settore {sector}"),
    ],
}
MOST_PEOPLE_PER_ORGANISATION = 4
DEMO_DOMAIN = "@participants.invalid"


@dataclass
class Organisation:
    name: str
    country: Country
    region: str
    category: str
    sector: Sector
    people: int = 0


def gendered(words: str, woman: bool) -> str:
    """Pick from "masculine|feminine" (a word without "|" is both)."""
    masculine, _bar, feminine = words.partition("|")
    return (feminine or masculine) if woman else masculine


def middle_initials(round_: int) -> str:
    """ "" for the first round of names, then " A.", " B.", … " Z.", " A. A." and so on."""
    letters = []
    while round_ > 0:
        round_, rest = divmod(round_ - 1, 26)
        letters.append(f" {chr(ord('A') + rest)}.")
    return "".join(letters)


class Names:
    """Each country's names in a shuffled order, none given twice nor already in the edition."""

    def __init__(self, chance: random.Random, taken: set[tuple[str, str]]):
        self.chance, self.taken = chance, taken
        self.waiting: dict[str, list[tuple[str, str, bool]]] = {}
        self.rounds: dict[str, int] = {}

    def next(self, country: Country) -> tuple[str, str, bool]:
        """Return first name, last name and whether the person is a woman."""
        while True:
            if not self.waiting.get(country.code):
                self.refill(country)
            first, last, woman = self.waiting[country.code].pop()
            if (first, last) not in self.taken:
                self.taken.add((first, last))
                return first, last, woman

    def refill(self, country: Country) -> None:
        round_ = self.rounds.get(country.code, 0)
        self.rounds[country.code] = round_ + 1
        initials = middle_initials(round_)
        names = [
            (first + initials, gendered(surname, woman), woman)
            for woman, firsts in ((True, country.women), (False, country.men))
            for first in firsts
            for surname in country.surnames
        ]
        self.chance.shuffle(names)
        self.waiting[country.code] = names


class Organisations:
    """Organisations made up as people need them, which colleagues then join."""

    def __init__(self, chance: random.Random, sectors: list[Sector], edition: Edition):
        self.chance, self.sectors = chance, sectors
        self.by_name: dict[str, Organisation] = {}
        countries = {country.code: country for country in COUNTRIES}
        earlier = edition.registrations.filter(email__endswith=DEMO_DOMAIN, profile__isnull=False)
        for person in earlier.select_related("profile").prefetch_related("profile__sectors"):
            found = self.by_name.get(person.organisation)
            if found is None and (sectors_of := list(person.profile.sectors.all())):
                found = Organisation(
                    person.organisation,
                    countries[person.country],
                    person.profile.region,
                    person.category,
                    main_sector(person.profile, sectors_of),
                )
                self.by_name[found.name] = found
            if found is not None:
                found.people += 1

    def next(self) -> Organisation:
        chance = self.chance
        country = chance.choices(COUNTRIES, weights=[c.weight for c in COUNTRIES])[0]
        open_ = [
            found
            for found in self.by_name.values()
            if found.country == country and found.people < MOST_PEOPLE_PER_ORGANISATION
        ]
        if open_ and chance.random() < 0.4:
            organisation = chance.choice(open_)
        else:
            made = self.make(country)
            organisation = self.by_name.setdefault(made.name, made)  # a name means one place
        organisation.people += 1
        return organisation

    def make(self, country: Country) -> Organisation:
        chance = self.chance
        categories = list(CATEGORY_WEIGHTS)
        category = chance.choices(categories, weights=list(CATEGORY_WEIGHTS.values()))[0]
        region = chance.choice(list(country.regions))
        sector = chance.choice(self.sectors)
        english, italian, stems = sector_words(sector)
        short = italian if country.language == "it" else english
        if category == Category.CLUSTER:
            name = CLUSTER_NAMES[country.language].format(sector=short, region=region)
        elif category == Category.COMPANY:
            family = gendered(chance.choice(country.surnames), woman=False)
            name = country.legal_form.format(name=f"{family} {short}")
        elif category == Category.START_UP:
            name = chance.choice(stems) + chance.choice(START_UP_ENDINGS)
        elif category == Category.REGIONAL_AUTHORITY:
            name = country.authority.format(region=region)
        else:
            name = country.university.format(city=country.regions[region])
        return Organisation(name, country, region, category, sector)


def main_sector(profile: Profile, sectors: list[Sector]) -> Sector:
    """The sector an earlier demo profile's text is about (its others were added to it)."""
    about = profile.about.lower()
    named = [s for s in sectors if (s.name_it or "").lower() in about or s.name_en.lower() in about]
    return (named or sectors)[0]


def sector_words(sector: Sector) -> tuple[str, str, tuple[str, ...]]:
    """Short English and Italian names and start-up stems; organisers' own sectors get theirs."""
    if sector.slug in SECTOR_WORDS:
        return SECTOR_WORDS[sector.slug]
    english, italian = sector.name_en or sector.name, sector.name_it or sector.name
    return english, italian, (english.split()[0].capitalize(),)


@transaction.atomic
def load_demo_participants(edition: Edition, count: int, seed: int = 2024) -> int:
    """Add `count` confirmed participants with listed profiles and entries; return how many."""
    chance = random.Random(f"{seed}-{edition.slug}-{edition.registrations.count()}")
    sectors = list(Sector.objects.all())
    taken = set(edition.registrations.values_list("first_name", "last_name"))
    names, organisations = Names(chance, taken), Organisations(chance, sectors, edition)
    start = edition.registrations.count()
    now = timezone.now()
    people = []
    for number in range(start, start + count):
        organisation = organisations.next()
        first, last, woman = names.next(organisation.country)
        language = organisation.country.language
        job = gendered(chance.choice(JOB_TITLES[organisation.category][language]), woman)
        registration = Registration(
            edition=edition,
            first_name=first,
            last_name=last,
            email=f"demo.{number}{DEMO_DOMAIN}",
            organisation=organisation.name,
            job_title=job,
            country=organisation.country.code,
            category=organisation.category,
            language=language,
            status=Registration.Status.CONFIRMED,
            confirmed_at=now,
            privacy_consent_at=now,
            on_participant_list=chance.random() < 0.7,
            manage_token=new_token(),
            calendar_token=new_token(),
            confirmation_token=new_token(),
        )
        people.append((registration, organisation))
    Registration.objects.bulk_create(registration for registration, _ in people)
    AttendedDay.objects.bulk_create(
        AttendedDay(registration=registration, day=day)
        for registration, _ in people
        for day in edition.days
    )
    for registration, organisation in people:
        add_profile(chance, registration, organisation, sectors)
    return count


def add_profile(
    chance: random.Random, registration: Registration, organisation: Organisation, sectors
) -> None:
    language, region = registration.language, organisation.region
    chosen = [organisation.sector]
    if chance.random() < 0.35:
        chosen += chance.sample([s for s in sectors if s != organisation.sector], k=1)
    sector = organisation.sector
    sector_name = (sector.name_it if language == "it" else sector.name_en) or sector.name
    sector_name = sector_name.lower()
    spoken = {organisation.country.spoken, "en"} | ({"it"} if chance.random() < 0.2 else set())
    profile = Profile.objects.create(
        registration=registration,
        listed=chance.random() < 0.9,
        open_to_meetings=chance.random() < 0.6,
        region=region,
        languages=sorted(spoken),
        text_language=language,
        about=ABOUT[organisation.category][language].format(
            count=chance.randint(12, 180), sector=sector_name, region=region
        ),
        seeking=SEEKING[language].format(sector=sector_name),
    )
    profile.sectors.set(chosen)
    for kind, title in chance.sample(ENTRIES[language], k=chance.randint(0, 2)):
        entry = Entry.objects.create(
            profile=profile,
            kind=kind,
            title=title.format(sector=sector_name),
            description=SEEKING[language].format(sector=sector_name),
        )
        entry.sectors.set([sector])
