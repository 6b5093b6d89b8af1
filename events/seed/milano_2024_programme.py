"""The Milan 2024 programme: its speakers and the sessions of both days (see milano_2024.py)."""

SPEAKERS = {
    "elisabetta-confalonieri": {
        "name": "Elisabetta Confalonieri",
        "job_title": {
            "en": "General Manager for University, Research and Innovation",
            "it": "Direttore Generale Università, Ricerca e Innovazione",
        },
        "organisation": "Regione Lombardia",
    },
    "christian-colombo": {
        "name": "Christian Colombo",
        "job_title": {"en": "", "it": ""},
        "organisation": "AFIL",
    },
    "gianluigi-viscardi": {
        "name": "Gianluigi Viscardi",
        "job_title": {"en": "", "it": ""},
        "organisation": "Cluster Fabbrica Intelligente",
    },
    "layla-pavone": {
        "name": "Layla Pavone",
        "job_title": {"en": "", "it": ""},
        "organisation": "Comune di Milano",
    },
    "pierluigi-petrali": {
        "name": "Pierluigi Petrali",
        "job_title": {"en": "", "it": ""},
        "organisation": "Digital Innovation Hub Lombardia",
    },
    "massimiliano-brigonzi": {
        "name": "Massimiliano Brigonzi",
        "job_title": {"en": "", "it": ""},
        "organisation": "Mind the Bridge",
    },
    "beatrice-diano": {
        "name": "Beatrice Diano",
        "job_title": {"en": "", "it": ""},
        "organisation": "Valore Italia",
    },
    "susy-longoni": {
        "name": "Susy Longoni",
        "job_title": {"en": "", "it": ""},
        "organisation": "Innovhub Stazioni Sperimentali per l'Industria",
    },
}

# (slug, type, local day, start, end, title, description, place or venue, capacity, speakers)
SESSIONS = [
    {
        "slug": "registration-day-1",
        "type": "registration",
        "day": "2024-03-26",
        "start": "09:00",
        "end": "09:30",
        "title": {
            "en": "Registration and welcome coffee",
            "it": "Registrazione e caffè di benvenuto",
        },
        "description": {"en": "", "it": ""},
    },
    {
        "slug": "opening-plenary",
        "type": "plenary",
        "day": "2024-03-26",
        "start": "09:30",
        "end": "11:00",
        "title": {
            "en": "Opening plenary: Twin Transition, Italian ecosystems and the European agenda for sustainability",
            "it": "Sessione plenaria di apertura: Twin Transition, ecosistemi italiani e agenda europea per la sostenibilità",
        },
        "description": {
            "en": "Welcome by the organisers and the host region, and an introduction to the theme of the workshop.",
            "it": "Benvenuto degli organizzatori e della regione ospitante e introduzione al tema del workshop.",
        },
        "speakers": [("elisabetta-confalonieri", "speaker")],
    },
    {
        "slug": "panel-policy-effectiveness",
        "type": "panel",
        "day": "2024-03-26",
        "start": "11:15",
        "end": "12:45",
        "title": {
            "en": "Panel discussion: from central strategies to local implementation",
            "it": "Panel: dalle strategie centrali all'attuazione locale",
        },
        "description": {
            "en": (
                "Representatives of the European Commission, ministries and Regione Lombardia "
                "discuss the effectiveness of central-level policies and strategies and their "
                "implementation at the local level."
            ),
            "it": (
                "Rappresentanti della Commissione europea, dei Ministeri e di Regione Lombardia "
                "discutono l'efficacia delle politiche e strategie a livello centrale e della "
                "relativa implementazione locale."
            ),
        },
        "speakers": [("gianluigi-viscardi", "panellist")],
    },
    {
        "slug": "lunch-day-1",
        "type": "break",
        "day": "2024-03-26",
        "start": "12:45",
        "end": "14:00",
        "title": {"en": "Networking lunch", "it": "Pranzo di networking"},
        "description": {"en": "", "it": ""},
    },
    {
        "slug": "panel-regional-models",
        "type": "panel",
        "day": "2024-03-26",
        "start": "14:00",
        "end": "15:30",
        "title": {
            "en": "Panel discussion: models and strategic choices of Italian and European regions",
            "it": "Panel: modelli e scelte strategiche delle regioni italiane ed europee",
        },
        "description": {
            "en": (
                "Representatives of European and Italian regional governments and ecosystems "
                "present best practices and supportive initiatives for the business, industry "
                "and research ecosystem, with examples of their impact."
            ),
            "it": (
                "Rappresentanti di governi ed ecosistemi regionali europei ed italiani "
                "presentano modelli innovativi e scelte strategiche, con relativi esempi."
            ),
        },
        "speakers": [("christian-colombo", "panellist")],
    },
    {
        "slug": "pitching-start-ups-and-clusters",
        "type": "pitching",
        "day": "2024-03-26",
        "start": "16:00",
        "end": "17:30",
        "title": {
            "en": "Pitching session for start-ups and clusters",
            "it": "Pitching session per start-up e Cluster",
        },
        "description": {
            "en": "Start-ups and clusters present themselves and their projects to potential partners.",
            "it": "Start-up e Cluster presentano sé stessi e i propri progetti ai potenziali partner.",
        },
    },
    {
        "slug": "networking-day-1",
        "type": "networking",
        "day": "2024-03-26",
        "start": "17:30",
        "end": "18:30",
        "title": {"en": "Networking", "it": "Networking"},
        "description": {
            "en": "Time to build networks and projects among participants.",
            "it": "Opportunità di networking per instaurare collaborazioni interregionali.",
        },
    },
    {
        "slug": "round-table-smart-communities",
        "type": "panel",
        "day": "2024-03-27",
        "start": "10:00",
        "time_reported": True,
        "end": "11:30",
        "place": "Sala Biagi",
        "title": {
            "en": "Round table: Smart Communities and the citizens' perspective on sustainability",
            "it": "Tavola rotonda: Smart Communities e la prospettiva dei cittadini sulla sostenibilità",
        },
        "description": {
            "en": "The round table that opens the second day.",
            "it": "La tavola rotonda che apre la seconda giornata.",
        },
        "speakers": [
            ("layla-pavone", "panellist"),
            ("pierluigi-petrali", "panellist"),
            ("massimiliano-brigonzi", "panellist"),
            ("beatrice-diano", "panellist"),
            ("susy-longoni", "panellist"),
        ],
    },
    {
        "slug": "pitching-lombardy-clusters",
        "type": "pitching",
        "day": "2024-03-27",
        "start": "11:45",
        "end": "12:45",
        "title": {
            "en": "Pitching session: the Lombardy technology clusters",
            "it": "Pitching session: i Cluster Tecnologici Lombardi",
        },
        "description": {
            "en": "Lombardy's technology clusters present their ecosystems and collaboration opportunities.",
            "it": "I Cluster Tecnologici Lombardi presentano i propri ecosistemi e le opportunità di collaborazione.",
        },
    },
    {
        "slug": "lunch-day-2",
        "type": "break",
        "day": "2024-03-27",
        "start": "12:45",
        "end": "14:00",
        "title": {"en": "Lunch", "it": "Pranzo"},
        "description": {"en": "", "it": ""},
    },
    {
        "slug": "guided-visit-mind",
        "type": "guided_visit",
        "day": "2024-03-27",
        "start": "14:30",
        "end": "17:00",
        "venue": "mind-milano-innovation-district",
        "capacity": 40,
        "title": {
            "en": "Guided visit to MIND Milano Innovation District",
            "it": "Visita guidata a MIND Milano Innovation District",
        },
        "description": {
            "en": "An afternoon visit to the innovation district on the former Expo 2015 site. Places are limited.",
            "it": "Visita pomeridiana al distretto dell'innovazione nell'area dell'ex Expo 2015. Posti limitati.",
        },
    },
]
