"""`make bench`'s load: wrk against the running server, bursts of real clients, page weight."""

import gzip
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

DURATION = os.environ.get("BENCH_SECONDS", "8")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "32")
BURST_CLIENTS = int(os.environ.get("BENCH_BURST_CLIENTS", "60"))
BURST_CAPACITY = 20
HEADERS = {"Accept-Encoding": "gzip, br", "Accept-Language": "en"}
# (label, path, revalidate: ask with the ETag of a first answer, as a polling calendar does)
Case = tuple[str, str, bool]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def run_wrk(
    url: str,
    headers: dict,
    script: str | None = None,
    *,
    connections: int | str = CONNECTIONS,
    duration: int | str = DURATION,
) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            command += ["-s", lua.name]
        result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(result.stdout)


def parse_wrk(output: str) -> dict:
    def latency(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    slowest = re.search(r"^\s*Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", output, re.M)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "max": float(slowest.group(1)) * scale[slowest.group(2)],
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def registration_burst(base: str, data: dict) -> dict:
    """Many clients register at once for one capacity-limited session, then all confirm."""
    from registrations.models import Registration, Seat

    edition, session = data["realistic"], data["burst_session"]
    day = session.local_day.isoformat()
    errors = []

    def register(index: int) -> None:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        url = f"{base}/{edition.slug}/register/"
        try:
            html = opener.open(url, timeout=30).read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            form = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "first_name": "Zoë",
                    "last_name": f"Burst {index}",
                    "email": f"burst{index}@example.org",
                    "organisation": "AFIL",
                    "country": "IT",
                    "category": "cluster",
                    "days": day,
                    "sessions": str(session.pk),
                    "privacy_consent": "on",
                }
            ).encode()
            request = urllib.request.Request(url, data=form, headers={"Referer": url})
            response = opener.open(request, timeout=30)
            if "check-your-email" not in response.geturl():
                errors.append(f"register {index}: landed on {response.geturl()}")
        except Exception as error:  # counted and reported, the burst goes on
            errors.append(f"register {index}: {error}")

    def confirm(token: str) -> None:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        url = f"{base}/{edition.slug}/register/confirm/{token}/"
        try:
            html = opener.open(url, timeout=30).read().decode()
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf}).encode()
            opener.open(
                urllib.request.Request(url, data=form, headers={"Referer": url}), timeout=30
            )
        except Exception as error:
            errors.append(f"confirm {token[:6]}…: {error}")

    started = time.perf_counter()
    run_threads(register, range(BURST_CLIENTS))
    registered = time.perf_counter()
    burst = Registration.objects.filter(edition=edition, email__startswith="burst")
    tokens = list(burst.values_list("confirmation_token", flat=True))
    run_threads(confirm, tokens)
    finished = time.perf_counter()
    return {
        "clients": BURST_CLIENTS,
        "registered": len(tokens),
        "register_seconds": registered - started,
        "confirm_seconds": finished - registered,
        "confirmed_seats": Seat.objects.filter(session=session, status="confirmed").count(),
        "waiting_seats": Seat.objects.filter(session=session, status="waiting").count(),
        "capacity": BURST_CAPACITY,
        "errors": errors,
    }


def run_threads(target, items) -> None:
    threads = [threading.Thread(target=target, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


MIXED_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""

REGISTER_SCRIPT = """
init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
request = function()
  local body = string.format("%s", math.random(1, 1000000000), math.random(1, 1000000000))
  return wrk.format("POST", nil, nil, body)
end
"""


def mixed_paths(data: dict) -> list[str]:
    slug = data["realistic"].slug
    return [f"/{slug}/", f"/{slug}/agenda/", f"/{slug}/agenda.ics"]


def mixed_load(base: str, data: dict, *, edit_every: float | None) -> dict:
    """Read the edition page, agenda and .ics in turn; optionally edit a session meanwhile.

    The organiser's edit is a real save through the service, once every `edit_every` seconds,
    as when the programme is being fixed during the event; the worker warms the pages after
    each edit. Renders are counted per page by the site itself.
    """
    from common.page_cache import render_count
    from events.services import save_session

    paths = mixed_paths(data)
    for path in paths:
        fetch(f"{base}{path}", HEADERS)
    before = sum(render_count(path, "en") for path in paths)
    session = data["realistic"].sessions.order_by("starts_at")[1]
    edits, stop = [], threading.Event()

    def organiser() -> None:
        while not stop.wait(edit_every):
            session.title = f"Round table (room {len(edits) + 1})"
            save_session(session=session)
            edits.append(time.monotonic())

    editor = threading.Thread(target=organiser) if edit_every else None
    if editor:
        editor.start()
    script = MIXED_SCRIPT % ", ".join(f'"{path}"' for path in paths)
    stats = run_wrk(f"{base}{paths[0]}", HEADERS, script)
    stop.set()
    if editor:
        editor.join()
    time.sleep(1)  # the last edit's renders
    renders = sum(render_count(path, "en") for path in paths) - before
    label = "mixed reads + edit every 1 s" if edit_every else "mixed reads, no edits"
    return {"label": label, "edits": len(edits), "renders": renders, "pages": len(paths), **stats}


MIXED_RUNS = 3


def mixed_loads(base: str, data: dict) -> list[dict]:
    """The mixed reads without and with edits, MIXED_RUNS times each in turn (so that a slower
    moment of the machine falls on both), each row the median run: their ratio is a target
    that one run of 8 s cannot decide. Edits and renders are added up over the runs."""
    runs: dict[float | None, list[dict]] = {None: [], 1.0: []}
    for _ in range(MIXED_RUNS):
        for edit_every in runs:
            runs[edit_every].append(mixed_load(base, data, edit_every=edit_every))
    rows = []
    for measured in runs.values():
        row = dict(sorted(measured, key=lambda run: run["rps"])[len(measured) // 2])
        row["edits"] = sum(run["edits"] for run in measured)
        row["renders"] = sum(run["renders"] for run in measured)
        rows.append(row)
    return rows


def registration_post(base: str, data: dict) -> dict:
    """Registration form submissions under load (each a new person, so each a new row)."""
    edition = data["realistic"]
    url = f"{base}/{edition.slug}/register/"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    fields = {
        "csrfmiddlewaretoken": token,
        "first_name": "Zoë",
        "last_name": "Load",
        "email": "load-NUMBER1-NUMBER2@example.org",
        "organisation": "AFIL",
        "country": "IT",
        "category": "cluster",
        "days": edition.start_date.isoformat(),
        "privacy_consent": "on",
    }
    # A Lua format string: every % doubled, then the two random numbers of the address.
    body = urllib.parse.urlencode(fields).replace("%", "%%")
    body = body.replace("NUMBER1", "%d").replace("NUMBER2", "%d")
    headers = {
        "Cookie": cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": url,
    }
    stats = run_wrk(url, headers, REGISTER_SCRIPT % body)
    return {"label": "registration POST", "path": url, "status": 302, "bytes": 0, **stats}


def measure(base: str, cases: list[Case], headers: dict = HEADERS) -> list[dict]:
    results = []
    for label, path, revalidate in cases:
        url = f"{base}{path}"
        _, first_headers, _ = fetch(url, headers)  # warms the cache when there is one
        extra = {"If-None-Match": first_headers["ETag"]} if revalidate else {}
        status, _, body = fetch(url, {**headers, **extra})
        stats = run_wrk(url, {**headers, **extra})
        results.append(
            {"label": label, "path": path, "status": status, "bytes": len(body), **stats}
        )
        log(f"{label}: {stats['rps']:.0f} req/s")
    return results


def page_weight(base: str, path: str, headers: dict) -> dict:
    """Bytes a first visit to the page transfers, with every asset it references."""
    _, _, html = fetch(f"{base}{path}", headers)
    text = gzip.decompress(html).decode() if html[:2] == b"\x1f\x8b" else html.decode()
    # Our static files, and the edition's own stylesheet (its colours).
    assets = re.findall(r'(?:href|src)="(/static/[^"]+|/[^"]+/theme\.css[^"]*)"', text)
    sizes = {path: len(html)}
    for asset in assets:
        _, _, body = fetch(f"{base}{asset}", headers)
        sizes[asset] = len(body)
    return {"total": sum(sizes.values()), "parts": sizes}
