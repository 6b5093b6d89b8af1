"""`make bench`'s live row: 300 phones in a room reading a session's questions (each every few
seconds, as the page's own refresh would) while questions and votes arrive."""

import datetime as dt
import threading
import time

from bench_load import HEADERS, log, run_wrk

PHONES = 300
READ_EVERY_MS = 3000
SECONDS = 20
# Each connection is one phone: it waits between its reads.
PACING = f"function delay() return math.random({READ_EVERY_MS // 2}, {READ_EVERY_MS * 3 // 2}) end"


def prepare_live():
    from bench_data import make_edition
    from django.utils import timezone

    from events.models import Session
    from live.models import Question

    edition = make_edition("bench-live", sessions=2, speakers=2)
    now = timezone.now()
    session = edition.sessions.order_by("pk").first()
    Session.objects.filter(pk=session.pk).update(
        starts_at=now - dt.timedelta(minutes=10), ends_at=now + dt.timedelta(hours=3)
    )
    Question.objects.bulk_create(
        Question(
            session=session,
            text=f"Question {number}: how do regions and clusters work together on this?",
            status=Question.Status.APPROVED,
            votes=number % 17,
            asker_key=f"bench{number}",
        )
        for number in range(150)
    )
    return f"/{edition.slug}/sessions/{session.slug}/questions/", session.pk


def live_load(base: str, path: str, session_id: int) -> dict:
    """Read the question list from 300 phones while questions and votes arrive every 0.1 s."""
    from events.models import Session
    from live import services
    from live.models import Question
    from live.voters import Voter

    session = Session.objects.get(pk=session_id)
    stop, arrived = threading.Event(), {"questions": 0, "votes": 0}

    def audience() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            voter = Voter(key=f"bench-voter-{number}", registration=None)
            if number % 3 == 0:
                services.ask(
                    session=session, text=f"A new question {number}?", name="", voter=voter
                )
                arrived["questions"] += 1
            else:
                question = Question.objects.filter(session=session).order_by("?").first()
                arrived["votes"] += services.vote(question=question, voter=voter)
            time.sleep(0.1)

    thread = threading.Thread(target=audience, daemon=True)
    thread.start()
    try:
        stats = run_wrk(f"{base}{path}", HEADERS, PACING, connections=PHONES, duration=SECONDS)
    finally:
        stop.set()
        thread.join(timeout=10)
    log(f"live questions: {stats['rps']:.0f} req/s, p99 {stats['p99']:.0f} ms")
    return stats | arrived
