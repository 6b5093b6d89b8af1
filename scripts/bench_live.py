"""`make bench`'s live row: 300 phones in a room reading a session's questions (each every 3 to
9 seconds, people reloading as the discussion goes) while questions and votes arrive."""

import datetime as dt
import random
import threading
import time
import urllib.request

from bench_load import HEADERS, log

PHONES = 300
READ_EVERY_MS = 6000
SECONDS = 20


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
    """Read the question list from 300 phones while questions and votes arrive every 0.1 s.

    Each phone is a thread that opens the page, waits 3 to 9 seconds, opens it again: a new
    connection each time, as a phone on the venue's Wi-Fi does (wrk's paced connections would
    sit idle on the server between reads, which no browser does).
    """
    from events.models import Session
    from live import services
    from live.models import Question
    from live.voters import Voter

    session = Session.objects.get(pk=session_id)
    url = f"{base}{path}"
    stop, arrived = threading.Event(), {"questions": 0, "votes": 0}
    latencies: list[float] = []
    errors = [0]
    # Phones that have opened the page before: their browser's token and CSRF cookies.
    with urllib.request.urlopen(urllib.request.Request(url, headers=HEADERS)) as page:
        cookies = "; ".join(c.split(";", 1)[0] for c in page.headers.get_all("Set-Cookie") or [])
    headers = {**HEADERS, "Cookie": cookies}

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

    def phone(seed: int) -> None:
        chance = random.Random(seed)
        stop.wait(chance.uniform(0, READ_EVERY_MS / 1000))  # phones do not all start at once
        while not stop.is_set():
            started = time.perf_counter()
            try:
                request = urllib.request.Request(url, headers=headers)
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            if ok:
                latencies.append((time.perf_counter() - started) * 1000)
            else:
                errors[0] += 1
            stop.wait(chance.uniform(READ_EVERY_MS / 2000, READ_EVERY_MS * 3 / 2000))

    threads = [threading.Thread(target=audience, daemon=True)]
    threads += [threading.Thread(target=phone, args=(n,), daemon=True) for n in range(PHONES)]
    for thread in threads:
        thread.start()
    time.sleep(SECONDS)
    stop.set()
    for thread in threads:
        thread.join(timeout=35)
    ordered = sorted(latencies) or [0.0]
    stats = {
        "rps": len(latencies) / SECONDS,
        "p50": ordered[len(ordered) // 2],
        "p99": ordered[min(len(ordered) - 1, len(ordered) * 99 // 100)],
        "max": ordered[-1],
        "errors": errors[0],
    }
    log(f"live questions: {stats['rps']:.0f} reads/s, p99 {stats['p99']:.0f} ms")
    return stats | arrived
