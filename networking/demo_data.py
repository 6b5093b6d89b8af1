"""The people, places and organisations demo participants are made of (see demo.py).

Surnames that change with gender (Polish, Lithuanian) are written "masculine|feminine". Each
organisation's name comes from its country's own forms: a Lombard cluster is "Cluster … Lombardia",
a German company a "GmbH", a Romanian development agency an "ADR".
"""

from dataclasses import dataclass

from registrations.models import Category


@dataclass(frozen=True)
class Country:
    code: str
    language: str  # the language of the person's texts on this site (English or Italian)
    spoken: str  # the person's own language, among networking.models.SPOKEN_LANGUAGES
    weight: int  # how often people come from here (the Milan edition: Italians the most)
    regions: dict[str, str]  # region -> its main city, for universities
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]
    authority: str
    university: str
    legal_form: str  # "{name} GmbH", "UAB {name}"


COUNTRIES = [
    Country(
        "IT", "it", "it", 8,
        {"Lombardia": "Milano", "Piemonte": "Torino", "Emilia-Romagna": "Bologna",
         "Veneto": "Padova", "Puglia": "Bari", "Toscana": "Firenze"},
        ("Giulia", "Francesca", "Chiara", "Sara", "Elena", "Valentina", "Alessandra", "Martina"),
        ("Marco", "Luca", "Andrea", "Matteo", "Davide", "Stefano", "Paolo", "Lorenzo"),
        ("Rossi", "Bianchi", "Colombo", "Ferrari", "Ricci", "Galli", "Romano", "Conti",
         "Marino", "Greco", "Bruno", "Fontana", "Moretti", "Barbieri", "Lombardi", "Esposito"),
        "Regione {region}", "Università di {city}", "{name} S.r.l.",
    ),
    Country(
        "LT", "en", "lt", 2,
        {"Vilnius County": "Vilnius", "Kaunas County": "Kaunas"},
        ("Ieva", "Rūta", "Agnė", "Greta", "Eglė"),
        ("Tomas", "Mantas", "Lukas", "Jonas", "Darius"),
        ("Kazlauskas|Kazlauskienė", "Petrauskas|Petrauskienė", "Jankauskas|Jankauskienė",
         "Stankevičius|Stankevičienė", "Vasiliauskas|Vasiliauskienė", "Žukauskas|Žukauskienė",
         "Butkus|Butkienė", "Paulauskas|Paulauskienė", "Urbonas|Urbonienė",
         "Kavaliauskas|Kavaliauskienė"),
        "{region} Development Agency", "{city} University of Technology", "UAB {name}",
    ),
    Country(
        "PL", "en", "pl", 2,
        {"Dolnośląskie": "Wrocław", "Małopolskie": "Kraków", "Mazowieckie": "Warsaw"},
        ("Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Anna"),
        ("Piotr", "Tomasz", "Paweł", "Krzysztof", "Marcin"),
        ("Kowalski|Kowalska", "Nowak", "Wiśniewski|Wiśniewska", "Wójcik",
         "Kamiński|Kamińska", "Lewandowski|Lewandowska", "Zieliński|Zielińska",
         "Szymański|Szymańska", "Woźniak", "Dąbrowski|Dąbrowska"),
        "{region} Regional Development Agency", "{city} University of Technology",
        "{name} Sp. z o.o.",
    ),
    Country(
        "ES", "en", "es", 2,
        {"Cataluña": "Barcelona", "País Vasco": "Bilbao", "Andalucía": "Sevilla"},
        ("Lucía", "Marta", "Carmen", "Laura", "Elena"),
        ("Javier", "Pablo", "Carlos", "Daniel", "Alejandro"),
        ("García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz",
         "Díaz", "Moreno"),
        "Agencia de Desarrollo de {region}", "Universidad de {city}", "{name} S.L.",
    ),
    Country(
        "DE", "en", "de", 2,
        {"Bayern": "München", "Baden-Württemberg": "Stuttgart", "Sachsen": "Dresden"},
        ("Anna", "Lena", "Katharina", "Julia", "Sophie"),
        ("Jonas", "Felix", "Lukas", "Maximilian", "Tobias"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
         "Hoffmann", "Schulz"),
        "Wirtschaftsförderung {region}", "Technische Universität {city}", "{name} GmbH",
    ),
    Country(
        "FR", "en", "fr", 2,
        {"Auvergne-Rhône-Alpes": "Lyon", "Occitanie": "Toulouse", "Grand Est": "Strasbourg"},
        ("Camille", "Léa", "Chloé", "Manon", "Inès"),
        ("Hugo", "Louis", "Antoine", "Julien", "Mathieu"),
        ("Martin", "Bernard", "Dubois", "Durand", "Leroy", "Moreau", "Laurent", "Simon",
         "Lefebvre", "Garnier"),
        "Agence de développement {region}", "Université de {city}", "{name} SAS",
    ),
    Country(
        "RO", "en", "ro", 1,
        {"Nord-Est": "Iași", "Vest": "Timișoara"},
        ("Ioana", "Maria", "Andreea", "Ana", "Cristina"),
        ("Andrei", "Mihai", "Alexandru", "Bogdan", "Radu"),
        ("Popescu", "Ionescu", "Popa", "Constantin", "Stan", "Dumitru", "Stoica", "Munteanu",
         "Gheorghe", "Matei"),
        "ADR {region}", "Universitatea din {city}", "{name} S.R.L.",
    ),
]  # fmt: skip

# How often each kind of organisation comes, and how it is named (besides the country's own
# authority and university): {region}, {sector} (short, in the person's language), {family}.
CATEGORY_WEIGHTS = {
    Category.CLUSTER: 7,
    Category.COMPANY: 5,
    Category.START_UP: 3,
    Category.REGIONAL_AUTHORITY: 2,
    Category.RESEARCH: 3,
}
CLUSTER_NAMES = {"it": "Cluster {sector} {region}", "en": "{region} {sector} Cluster"}
COMPANY_NAMES = {"it": "{family} {sector}", "en": "{family} {sector}"}

# Sector slug -> (short English name, short Italian name, start-up name stems).
SECTOR_WORDS = {
    "aerospace-defence": ("Aerospace", "Aerospazio", ("Orbit", "Aero", "Stratos")),
    "agri-food": ("Agri-food", "Agroalimentare", ("Grano", "Seed", "Terra")),
    "construction": ("Construction", "Costruzioni", ("Struct", "Mattone", "Beam")),
    "cultural-creative": ("Creative Industries", "Industrie Creative", ("Muse", "Scena", "Canvas")),
    "digital": ("Digital", "Digitale", ("Data", "Cloud", "Byte")),
    "electronics": ("Electronics", "Elettronica", ("Volt", "Chip", "Circuit")),
    "energy-intensive": ("Process Industry", "Industria di Processo", ("Ferro", "Calor", "Forge")),
    "renewable-energy": ("Renewable Energy", "Energie Rinnovabili", ("Sol", "Vento", "Helio")),
    "health": ("Health", "Scienze della Vita", ("Medi", "Cura", "Vita")),
    "mobility-transport-automotive": ("Mobility", "Mobilità", ("Moto", "Route", "Rail")),
    "proximity-social-economy": (
        "Social Economy",
        "Economia Sociale",
        ("Civic", "Vicino", "Comun"),
    ),
    "retail": ("Retail", "Commercio", ("Bottega", "Shop", "Cart")),
    "textile": ("Textile", "Tessile", ("Filo", "Weave", "Trama")),
    "tourism": ("Tourism", "Turismo", ("Borgo", "Trip", "Voyage")),
}
START_UP_ENDINGS = ("ly", "tech", "ia", "wise", "hub", "io", "lab")

ABOUT = {
    Category.CLUSTER: {
        "en": "We bring together {count} organisations working on {sector} in {region}.",
        "it": "Riuniamo {count} organizzazioni che lavorano nel settore {sector} in {region}.",
    },
    Category.COMPANY: {
        "en": "We design and make products for {sector}, with {count} people in {region}.",
        "it": "Progettiamo e realizziamo prodotti per il settore {sector}, con {count} persone "
        "in {region}.",
    },
    Category.START_UP: {
        "en": "A young company in {region} building new solutions for {sector}.",
        "it": "Una giovane impresa di {region} che sviluppa nuove soluzioni per il settore "
        "{sector}.",
    },
    Category.REGIONAL_AUTHORITY: {
        "en": "We support the clusters and companies of {region}, with a focus on {sector}.",
        "it": "Sosteniamo i cluster e le imprese della regione {region}, con un'attenzione al "
        "settore {sector}.",
    },
    Category.RESEARCH: {
        "en": "Our {count} research groups in {region} work with industry on {sector}.",
        "it": "I nostri {count} gruppi di ricerca in {region} lavorano con le imprese nel "
        "settore {sector}.",
    },
}
SEEKING = {
    "en": "Partners for interregional projects and pilot sites in {sector}.",
    "it": "Partner per progetti interregionali e siti pilota nel settore {sector}.",
}
# Job titles in the person's language; "masculine|feminine" where Italian says it.
JOB_TITLES = {
    Category.CLUSTER: {
        "en": ("Cluster manager", "Project manager", "Internationalisation officer"),
        "it": (
            "Direttore del cluster|Direttrice del cluster",
            "Responsabile progetti",
            "Responsabile internazionalizzazione",
        ),
    },
    Category.COMPANY: {
        "en": ("Chief executive", "Business development manager", "Head of innovation"),
        "it": (
            "Amministratore delegato|Amministratrice delegata",
            "Responsabile sviluppo commerciale",
            "Responsabile innovazione",
        ),
    },
    Category.START_UP: {
        "en": ("Founder", "Co-founder and CTO"),
        "it": ("Fondatore|Fondatrice", "Co-fondatore e CTO|Co-fondatrice e CTO"),
    },
    Category.REGIONAL_AUTHORITY: {
        "en": ("Policy officer", "Head of unit, innovation"),
        "it": ("Funzionario|Funzionaria", "Dirigente, innovazione e ricerca"),
    },
    Category.RESEARCH: {
        "en": ("Professor", "Technology transfer officer", "Researcher"),
        "it": (
            "Professore ordinario|Professoressa ordinaria",
            "Responsabile trasferimento tecnologico",
            "Ricercatore|Ricercatrice",
        ),
    },
}
