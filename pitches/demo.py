"""A call for pitches to try: open on an edition, with applications in both languages, decks and
reviews, made through the same services as the real ones (`manage.py load_demo_pitches`)."""

import datetime as dt
import random

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from common.roles import REVIEWER
from events.models import Edition, Session
from pitches import services
from pitches.models import Application, Call, Category, Criterion, Slot

CATEGORIES = [("Start-up", "Start-up"), ("Cluster", "Cluster")]
CRITERIA = [
    ("Innovation", "Innovazione", "What is new, and for whom.", "Che cosa c'è di nuovo.", 2),
    (
        "Fit with the audience",
        "Pertinenza per il pubblico",
        "Clusters and regions can act on it.",
        "Cluster e regioni possono dargli seguito.",
        1,
    ),
    (
        "Ability to deliver",
        "Capacità di realizzazione",
        "Team, partners, track record.",
        "Squadra, partner, risultati.",
        1,
    ),
]
APPLICANTS = [
    ("H2 Valley Lab", "IT", "it", "Idrogeno verde per i distretti industriali", 0),
    ("Baltic Blue Robotics", "EE", "en", "Underwater drones for offshore wind maintenance", 0),
    ("AgriSense Andalucía", "ES", "en", "Soil sensors that cut irrigation by a third", 0),
    ("Cluster Lombardo Mobilità", "IT", "it", "Un corridoio alpino per la logistica elettrica", 1),
    ("Silesia Circular Hub", "PL", "en", "Turning mining regions into circular-economy valleys", 1),
    ("Nordic Health Tech", "FI", "en", "Remote rehabilitation for rural patients", 0),
    ("Textile Cluster Prato", "IT", "it", "Tessuti rigenerati tracciati dalla fibra al capo", 1),
    ("Danube Food Network", "AT", "en", "A shared cold chain for small producers", 1),
]


def sample_deck(title: str) -> bytes:
    """Return a one-page PDF that names the pitch (a real PDF: readers open it)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 24 Tf 72 500 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return pdf


def open_call(edition: Edition, *, now: dt.datetime | None = None) -> Call:
    """Open a call on the edition (closing a week before it), filling its pitching sessions."""
    now = now or timezone.now()
    closes = max(edition.starts_at - dt.timedelta(days=7), now + dt.timedelta(days=1))
    call, _created = Call.objects.update_or_create(
        edition=edition,
        defaults={
            "opens_at": now - dt.timedelta(days=1),
            "closes_at": closes,
            "intro_en": "Start-ups and clusters pitch to regions, investors and other clusters: "
            "five minutes each, then questions from the audience.",
            "intro_it": "Start-up e cluster presentano il proprio progetto a regioni, investitori "
            "e altri cluster: cinque minuti ciascuno, poi le domande del pubblico.",
            "audience_votes": True,
        },
    )
    if not call.categories.exists():
        for order, (english, italian) in enumerate(CATEGORIES):
            Category.objects.create(call=call, name_en=english, name_it=italian, order=order)
        for order, (en, it, about_en, about_it, weight) in enumerate(CRITERIA):
            Criterion.objects.create(
                call=call,
                name_en=en,
                name_it=it,
                description_en=about_en,
                description_it=about_it,
                weight=weight,
                order=order,
            )
    for session in edition.sessions.filter(session_type=Session.Type.PITCHING):
        Slot.objects.get_or_create(call=call, session=session, defaults={"places": 4})
    return call


def demo_reviewers() -> list[User]:
    group, _created = Group.objects.get_or_create(name=REVIEWER.group)
    reviewers = []
    for name in ("reviewer-anna", "reviewer-marco"):
        user, created = User.objects.get_or_create(
            username=name, defaults={"is_staff": True, "email": f"{name}@example.org"}
        )
        if created:
            user.set_unusable_password()  # an organiser sets one (`changepassword`)
            user.save()
        user.groups.add(group)
        reviewers.append(user)
    return reviewers


@transaction.atomic
def load_demo_pitches(edition: Edition, seed: int = 2024) -> dict[str, int]:
    chance = random.Random(seed)
    call = open_call(edition)
    categories = list(call.categories.all())
    criteria = list(call.criteria.all())
    made = 0
    for organisation, country, language, title, category in APPLICANTS:
        email = f"pitch-{organisation.lower().replace(' ', '-')}@example.org"
        if services.same_address(call, email).exists():
            continue
        application = Application(
            call=call,
            language=language,
            category=categories[category],
            organisation=organisation,
            country=country,
            contact_name=chance.choice(["Giulia Bassi", "Mark Olsen", "Elena Ruiz", "Jan Kowal"]),
            email=email,
            title=title,
            summary=f"{title}. " * 3,
            seeking="Pilot regions and cluster partners."
            if language == "en"
            else "Regioni pilota e cluster partner.",
            publish_deck=chance.random() < 0.7,
        )
        application.deck.save("deck.pdf", ContentFile(sample_deck(title)), save=False)
        services.submit_application(application=application)
        services.confirm_address(application_id=application.pk)
        made += 1
    reviews = 0
    for reviewer in demo_reviewers():
        for application in call.applications.submitted():
            scores = {criterion: chance.randint(2, 5) for criterion in criteria}
            services.save_review(
                application=application,
                reviewer=reviewer,
                scores=scores,
                comment="",
                conflict=False,
            )
            reviews += 1
    return {"applications": made, "reviews": reviews}
