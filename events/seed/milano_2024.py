"""The Milan 2024 edition, from the Italian news item and the fact sheet it was commissioned with.

Texts are given in the language of their source with a faithful translation beside it
("en" / "it"). Session times are ILLUSTRATIVE where the sources give none, and marked "time to be confirmed"
in the data: only the opening of day 2 at 10:00 on 27 March is a reported fact
("time_reported"). The speakers of day 1 are those reported
afterwards; which day-1 session each spoke in is not reported, so their places here (the host
region's welcome at the plenary, a national and a regional cluster on the two panels) are
illustrative too. Organisers correct the programme in the admin.
"""

# The programme (who spoke, and the sessions of the two days) is in its own module.
from events.seed.milano_2024_programme import SESSIONS, SPEAKERS  # noqa: F401

SERIES = {
    "slug": "clusters-meet-regions",
    "name": "Clusters meet Regions",
    "organiser": "European Cluster Collaboration Platform (ECCP)",
    "organiser_url": "https://www.clustercollaboration.eu/",
    "description": {
        "en": (
            "Clusters meet Regions is a cycle of transnational workshops hosted by selected "
            "regions and run by the European Cluster Collaboration Platform (ECCP) on behalf of "
            "the European Commission since 2022. Its aim is to facilitate the exchange of good "
            "practices, with particular reference to the role of clusters as drivers of growth "
            "in the regions, and to promote collaboration between clusters and local "
            "stakeholders, with a view to the industrial development of European regions."
        ),
        "it": (
            "Clusters meet Regions è un ciclo di workshop transnazionali ospitati da regioni "
            "selezionate e organizzati dalla European Cluster Collaboration Platform (ECCP) per "
            "conto della Commissione europea dal 2022. L'obiettivo è facilitare lo scambio di "
            "buone pratiche, con particolare riferimento al ruolo dei Cluster come driver di "
            "crescita nelle regioni, e promuovere collaborazioni tra Cluster e stakeholder "
            "locali, nell'ottica dello sviluppo industriale delle regioni europee."
        ),
    },
}

VENUES = [
    {
        "slug": "palazzo-lombardia",
        "name": "Palazzo Lombardia",
        "street_address": "Piazza Città di Lombardia 1",
        "postal_code": "20124",
        "city": "Milano",
        "country": "IT",
        "latitude": "45.486200",
        "longitude": "9.195700",
        "description": {
            "en": "The seat of Regione Lombardia, the regional government of Lombardy.",
            "it": "La sede di Regione Lombardia.",
        },
        "directions": {
            "en": (
                "Palazzo Lombardia is in the Porta Nuova district, a short walk from Milano "
                "Centrale and Milano Porta Garibaldi railway stations; the nearest metro stops "
                "are Gioia (M2) and Sondrio (M3)."
            ),
            "it": (
                "Palazzo Lombardia si trova nel quartiere Porta Nuova, a pochi minuti a piedi "
                "dalle stazioni di Milano Centrale e Milano Porta Garibaldi; le fermate della "
                "metropolitana più vicine sono Gioia (M2) e Sondrio (M3)."
            ),
        },
        "accessibility": {
            "en": (
                "Please tell the organisers about any accessibility needs when you register, "
                "or write to the contact of the edition, so that they can make arrangements."
            ),
            "it": (
                "Segnalate eventuali esigenze di accessibilità al momento dell'iscrizione o "
                "scrivendo al contatto dell'evento, così che gli organizzatori possano "
                "provvedere."
            ),
        },
        "places": [
            {
                "name": "Sala Biagi",
                "location_detail": {"en": "Nucleo 4, first floor", "it": "Nucleo 4, primo piano"},
            }
        ],
    },
    {
        "slug": "mind-milano-innovation-district",
        "name": "MIND Milano Innovation District",
        "street_address": "Former Expo 2015 site",
        "postal_code": "20157",
        "city": "Milano",
        "country": "IT",
        # Approximate centre of the former Expo 2015 site.
        "latitude": "45.520000",
        "longitude": "9.101000",
        "description": {
            "en": "The innovation district built on the former Expo 2015 site in Milan.",
            "it": "Il distretto dell'innovazione sorto nell'area dell'ex Expo 2015 a Milano.",
        },
        "directions": {
            "en": "Details of the meeting point are sent to the participants of the visit.",
            "it": "I dettagli sul punto di ritrovo sono inviati ai partecipanti alla visita.",
        },
        "accessibility": {"en": "", "it": ""},
        "places": [],
    },
]

ORGANISATIONS = {
    "eccp": {
        "name": "European Cluster Collaboration Platform",
        "short_name": "ECCP",
        "url": "https://www.clustercollaboration.eu/",
        "description": {"en": "", "it": ""},
    },
    "afil": {
        "name": "AFIL – Associazione Fabbrica Intelligente Lombardia",
        "short_name": "AFIL",
        "url": "https://www.afil.it/",
        "description": {
            "en": "Lombardy Intelligent Factory Association.",
            "it": "Associazione Fabbrica Intelligente Lombardia.",
        },
    },
    "regione-lombardia": {
        "name": "Regione Lombardia",
        "short_name": "",
        "url": "https://www.regione.lombardia.it/",
        "description": {"en": "", "it": ""},
    },
    "ctl": {
        "name": "Cluster Tecnologici Lombardi",
        "short_name": "",
        "url": "",
        "description": {
            "en": (
                "Lombardy's nine technology clusters: Aerospace, Agrifood, Green Chemistry, "
                "Energy, Advanced Manufacturing, Mobility, Life Sciences, Technologies for Smart "
                "Communities, Technologies for Living Spaces."
            ),
            "it": (
                "I nove Cluster Tecnologici della Lombardia: Aerospazio, Agroalimentare, Chimica "
                "Verde, Energia, Manifattura Avanzata, Mobilità, Scienze della Vita, Tecnologie "
                "per le Smart Communities, Tecnologie per gli Ambienti di Vita."
            ),
        },
    },
}

EDITION = {
    "slug": "milano-2024",
    "number_in_series": 15,
    "title": {
        "en": "Clusters meet Regions – Milan 2024",
        "it": "Clusters meet Regions – Milano 2024",
    },
    "theme": {
        "en": "Twin Transition: Italian ecosystems and the European agenda for sustainability",
        "it": "Twin Transition: Italian ecosystems and the European agenda for sustainability",
    },
    "subtitle": {
        "en": "The case of a complex industrial landscape: the Lombardy clusters",
        "it": "Il caso di un panorama industriale complesso: i cluster lombardi",
    },
    "city": "Milano",
    "host_region": {"en": "Lombardy", "it": "Lombardia"},
    "country": "IT",
    "start_date": "2024-03-26",
    "end_date": "2024-03-27",
    "time_zone": "Europe/Rome",
    "venue": "palazzo-lombardia",
    "summary": {
        "en": (
            "On 26 and 27 March 2024 the international event Clusters meet Regions comes to "
            "Milan, organised for the first time in Italy by the European Cluster Collaboration "
            "Platform (ECCP) together with AFIL – Associazione Fabbrica Intelligente Lombardia "
            "and Regione Lombardia, with the support of the Cluster Tecnologici Lombardi. It "
            "aims to facilitate the exchange of good practices and to promote collaboration "
            "between clusters and local stakeholders."
        ),
        "it": (
            "Il 26 e 27 marzo 2024 si terrà a Milano l'evento internazionale Clusters meet "
            "Regions, organizzato per la prima volta in Italia dalla European Cluster "
            "Collaboration Platform (ECCP), in collaborazione con AFIL – Associazione Fabbrica "
            "Intelligente Lombardia, Regione Lombardia e con il supporto dei Cluster Tecnologici "
            "Lombardi. L'iniziativa intende facilitare lo scambio di buone pratiche e promuovere "
            "collaborazioni tra Cluster e stakeholder locali."
        ),
    },
    "description": {
        "en": (
            "The workshop, held at Regione Lombardia (Palazzo Lombardia – Piazza Città di "
            "Lombardia 1, Milan), focuses on the theme “Twin Transition: Italian ecosystems and "
            "the European agenda for sustainability”: the twin transition in Italian ecosystems "
            "and the European agenda for sustainability.\n\n"
            "The programme includes a plenary session; panel discussions with representatives of "
            "the European Commission, ministries, Regione Lombardia and other representatives of "
            "European and Italian regional governments and ecosystems; pitching sessions for "
            "start-ups and clusters; and, on the afternoon of 27 March, a guided visit to MIND "
            "Milano Innovation District."
        ),
        "it": (
            "L'evento, che si svolgerà presso Regione Lombardia (Palazzo Lombardia – Piazza "
            "Città di Lombardia 1, Milano), si focalizzerà sul tema “Twin Transition: Italian "
            "ecosystems and the European agenda for sustainability”: la Twin Transition negli "
            "ecosistemi italiani e l'agenda europea per la sostenibilità.\n\n"
            "Il programma dell'evento prevede una sessione plenaria, panel discussions con "
            "rappresentanti della European Commission, Ministeri, Regione Lombardia e altri "
            "rappresentanti di governi ed ecosistemi regionali europei ed italiani, pitching "
            "sessions per start-up e Cluster nonché, nel pomeriggio del 27 marzo, una visita "
            "guidata a MIND Milano Innovation District."
        ),
    },
    "context": {
        "en": (
            "Clusters meet Regions is a cycle of events that began in 2022; Milan hosts its 15th "
            "workshop, the first of 2024 and the first ever held in Italy."
        ),
        "it": (
            "Clusters meet Regions rappresenta un ciclo di appuntamenti iniziato nel 2022, di "
            "cui la due giorni lombarda è il quindicesimo workshop, il primo del 2024 e il primo "
            "in assoluto in Italia."
        ),
    },
    "attendance_note": {
        "en": "Over 160 participants from across Europe",
        "it": "Oltre 160 partecipanti da tutta Europa",
    },
    "objectives": [
        {
            "en": (
                "Analyse the policy effectiveness of central-level strategies and their "
                "implementation at the local level."
            ),
            "it": (
                "Analizzare l'efficacia delle politiche e strategie a livello centrale e della "
                "relativa implementazione locale."
            ),
        },
        {
            "en": (
                "Focus on best practices and models by Italian and European regions, including "
                "supportive initiatives for the business, industry and research ecosystem, with "
                "examples of their impact."
            ),
            "it": (
                "Presentare modelli innovativi e scelte strategiche adottate da diverse regioni "
                "italiane ed europee, con relativi esempi."
            ),
        },
        {
            "en": "Provide an opportunity to build networks and projects among participants.",
            "it": (
                "Facilitare opportunità di networking finalizzate ad instaurare collaborazioni "
                "interregionali, attraverso il ruolo dei Cluster."
            ),
        },
    ],
    "partners": [
        {
            "organisation": "eccp",
            "role": "organiser",
            "role_detail": {
                "en": "Runs the series on behalf of the European Commission",
                "it": "Organizza il ciclo per conto della Commissione europea",
            },
        },
        {
            "organisation": "afil",
            "role": "organiser",
            "role_detail": {"en": "Co-organiser", "it": "Co-organizzatore"},
        },
        {
            "organisation": "regione-lombardia",
            "role": "organiser",
            "role_detail": {
                "en": "Co-organiser and host region",
                "it": "Co-organizzatore e regione ospitante",
            },
        },
        {
            "organisation": "ctl",
            "role": "supporter",
            "role_detail": {"en": "", "it": ""},
        },
    ],
    "contacts": [
        {
            "name": "Andrea Mazzoleni",
            "organisation": "Confindustria Bergamo",
            "phone": "+39 035 275 249",
            "email": "a.mazzoleni@confindustriabergamo.it",
        }
    ],
    "links": [
        {
            "kind": "more_information",
            "label": {
                "en": "European Cluster Collaboration Platform",
                "it": "European Cluster Collaboration Platform",
            },
            "url": "https://www.clustercollaboration.eu/",
        },
        {
            "kind": "news",
            "label": {
                "en": "Announcement by Confindustria Bergamo, 28 February 2024 (in Italian)",
                "it": "Notizia di Confindustria Bergamo, 28 febbraio 2024",
            },
            "url": "https://www.confindustriabergamo.it/",
        },
    ],
}
