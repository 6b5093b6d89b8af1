"""`make bench`: what each page made for one person costs as an edition grows.

Builds editions of 2,000 and 5,000 participants (4,000 meetings each) beside the bench's edition
of 500 (1,000 meetings), signs one participant in on each, and times every personal page in
process: the median of REPEATS requests, split into SQL and the rest (Python: views, templates),
with the number of queries. A page passes when its cost at each larger size stays within
GROWTH_LIMIT of its cost at 500 and its number of queries does not change.
"""

import statistics
import time
from collections.abc import Callable

from bench_load import log

SIZES = {2000: 4000, 5000: 4000}  # participants: meetings
GROWTH_LIMIT = 1.5
REPEATS = 15


def prepare_growth() -> dict[int, dict]:
    """Build the larger editions; return, for each size, what the measurement needs."""
    from bench_data import make_edition
    from django.db import connection
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult

    from meetings.demo import load_demo_meetings, set_up_matchmaking
    from networking.demo import load_demo_participants
    from outbox.models import Email

    editions = {}
    for participants, meetings in SIZES.items():
        started = time.monotonic()
        edition = make_edition(f"bench-growth-{participants}", sessions=10, speakers=10)
        load_demo_participants(edition, participants)
        set_up_matchmaking(edition, tables=meetings // 10)
        made = load_demo_meetings(edition, meetings)
        if made != meetings:
            raise SystemExit(f"only {made} of {meetings} demo meetings could be made")
        took = time.monotonic() - started
        log(f"growth: {participants} participants and {made} meetings made in {took:.0f} s")
        Email.objects.of_edition(edition.pk).delete()
        editions[participants] = edition
    DBTaskResult.objects.filter(
        Q(task_path="outbox.sending.send_email") | Q(task_path__startswith="meetings.")
    ).delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return editions


def personal_pages(edition, target_id: int) -> dict[str, str]:
    base = f"/{edition.slug}/participants"
    return {
        "directory": f"{base}/directory/",
        "search + filters": f"{base}/directory/?q=pilot+sites&country=IT&open_to_meetings=on",
        "marketplace": f"{base}/marketplace/",
        "my page (suggestions)": f"{base}/",
        "slot picker": f"{base}/people/{target_id}/meet/",
        "my meetings": f"{base}/meetings/",
    }


def active_member(edition):
    """The participant who signs in for the measurements, listed and open to meetings, and the
    profile whose slot picker they open.

    An active participant, with a marketplace entry: the same kind of person in every edition
    measured, so that their pages make the same queries whatever the edition's size.
    """
    from networking.models import Profile

    member = edition.registrations.filter(profile__entries__isnull=False).order_by("pk").first()
    Profile.objects.filter(registration=member).update(listed=True, open_to_meetings=True)
    target = (
        Profile.objects.in_directory(edition)
        .filter(open_to_meetings=True)
        .exclude(registration=member)
        .order_by("pk")
        .first()
    )
    return member, target


def signed_in_client(edition):
    """A client signed in as the edition's active member, and whom they would meet."""
    from django.test import Client
    from django.urls import reverse

    member, target = active_member(edition)
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(member.manage_url())
    client.post(reverse("networking:enter", args=[edition.slug]), {"token": member.manage_token})
    return client, target.pk


# Every page reuses what an earlier view read or rendered (the edition, the session, listings,
# cards, the suggestions chosen, my page's part, the matchmaking, a schedule, a pair's free
# times): each is also timed as a first view, with nothing kept, as after a change nobody has
# seen yet.
FIRST_VIEWS = (
    "directory",
    "search + filters",
    "marketplace",
    "my page (suggestions)",
    "slot picker",
    "my meetings",
)


def page_costs(targets: dict[int, tuple], *, first_view: bool = False) -> dict[int, dict]:
    """For each size, the median milliseconds of a request to its page in process, the SQL
    share, and the queries. The sizes take turns request by request, so that a slower moment
    of the machine falls on every size alike (one size after the other, a moment's slowness
    made one size look 1.6 times the cost of another)."""
    from django.core.cache import cache
    from django.db import connection

    spent: list[float] = []

    def timed_query(execute: Callable, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - started)

    samples = {size: {"totals": [], "sqls": [], "queries": set()} for size in targets}
    for attempt in range(REPEATS + 3):
        for size, (client, path) in targets.items():
            if first_view:
                cache.clear()  # the servers have stopped: only this process uses the cache
            spent.clear()
            with connection.execute_wrapper(timed_query):
                started = time.perf_counter()
                response = client.get(path)
                total = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            if attempt >= 3:  # the first requests fill caches
                samples[size]["totals"].append(total * 1000)
                samples[size]["sqls"].append(sum(spent) * 1000)
                samples[size]["queries"].add(len(spent))
    costs = {}
    for size, found in samples.items():
        total, sql = statistics.median(found["totals"]), statistics.median(found["sqls"])
        costs[size] = {
            "total": total,
            "sql": sql,
            "python": total - sql,
            "queries": max(found["queries"]),
        }
    return costs


def growth_costs(editions: dict[int, object]) -> dict[str, dict[int, dict]]:
    """Return, for each page, its cost at each size (500 and the larger editions)."""
    from django.utils import translation

    costs: dict[str, dict[int, dict]] = {}
    with translation.override("en"):
        signed_in = {size: signed_in_client(edition) for size, edition in editions.items()}
        pages = {
            size: personal_pages(editions[size], target)
            for size, (_client, target) in signed_in.items()
        }
        for name in pages[min(pages)]:
            targets = {size: (signed_in[size][0], pages[size][name]) for size in sorted(editions)}
            costs[name] = page_costs(targets)
            if name in FIRST_VIEWS:
                costs[f"{name}, first view"] = page_costs(targets, first_view=True)
    return costs


def growth_report(costs: dict[str, dict[int, dict]]) -> list[bool]:
    """Print the growth table; return one pass/fail per page."""
    sizes = sorted(next(iter(costs.values())))
    smallest = sizes[0]
    print()
    print("Personal pages in process as the edition grows")
    print("(median ms of a request: total = Python + SQL, and its queries)")
    header = "".join(f"{size:>28}" for size in sizes)
    print(f"{'page':<34}{header}{'growth':>10}  target")
    passed = []
    for name, by_size in costs.items():
        cells = "".join(
            f"{c['total']:>9.1f} ={c['python']:>5.1f} +{c['sql']:>5.1f} ({c['queries']:>2})"
            for c in (by_size[size] for size in sizes)
        )
        growth = max(by_size[size]["total"] for size in sizes) / by_size[smallest]["total"]
        same_queries = len({by_size[size]["queries"] for size in sizes}) == 1
        ok = growth <= GROWTH_LIMIT and same_queries
        passed.append(ok)
        verdict = "PASS" if ok else "FAIL" + ("" if same_queries else " (queries grow)")
        print(f"{name:<34}{cells}{growth:>9.2f}x  <= {GROWTH_LIMIT}x {verdict}")
    return passed


BADGE_PEOPLE = 2000


def badges_for_everyone(edition, env: dict) -> dict:
    """Badges (A4 sheets of 10) for every confirmed person of the edition, made by a worker
    process as an organiser's request queues them: its time, its peak memory, the pages made."""
    import math
    import subprocess
    import sys

    import pypdfium2
    from django.contrib.auth import get_user_model
    from production_server import REPO

    from door import badges
    from door.downloads import Badges
    from downloads.services import request_download

    organiser, _ = get_user_model().objects.get_or_create(
        username="bench-organiser", defaults={"is_staff": True, "is_superuser": True}
    )
    people = edition.registrations.filter(status="confirmed").count()
    download = request_download(
        kind=Badges.name,
        user=organiser,
        title="Badges",
        arguments={"edition": edition.pk, "name": edition.slug, "layout": badges.SHEETS,
                   "language": "en"},
    )  # fmt: skip
    # A process of its own, so that its peak memory is the worker's alone.
    measured = subprocess.run(
        [sys.executable, "-c", WORKER_WITH_PEAK_MEMORY], cwd=REPO, env=env,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds, peak_kib = measured.stdout.split()
    download.refresh_from_db()
    pages = len(pypdfium2.PdfDocument(download.file.read())) if download.file else 0
    return {
        "people": people,
        "status": download.status,
        "pages": pages,
        "expected_pages": math.ceil(people / badges.PER_SHEET),
        "seconds": float(seconds),
        "peak_mib": int(peak_kib) / 1024,
    }


WORKER_WITH_PEAK_MEMORY = """
import resource, subprocess, sys, time
started = time.monotonic()
subprocess.run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
               check=True, stdout=subprocess.DEVNULL)
print(time.monotonic() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
