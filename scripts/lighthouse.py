"""Lighthouse (pinned in package.json) against the production-like server; fails below targets.

Runs gunicorn with DEBUG off and whitenoise on a fresh PostgreSQL database holding the seeded
Milan 2024 edition and a copy with registration open, then audits the edition, agenda and
registration pages with Lighthouse's mobile preset in Debian's Chromium. Needs DATABASE_URL
(make test runs it under scripts/with_postgres.py).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from production_server import REPO, fresh_database, gunicorn, production_env

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --disable-quic --no-first-run"
)
TARGETS = {"performance": 0.9, "accessibility": 0.95, "best-practices": 0.95, "seo": 0.95}
PAGES = {
    "edition": "/milano-2027/",
    "agenda": "/milano-2027/agenda/",
    "registration": "/milano-2027/register/",
}


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def audit(url: str, report: Path, attempts: int = 3) -> dict[str, float]:
    """Audit one page, retrying Lighthouse's occasional NO_NAVSTART on a cold Chromium."""
    for attempt in range(1, attempts + 1):
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0:
            break
        print(f"Lighthouse attempt {attempt} on {url} failed:\n{result.stderr[-2000:]}")
    else:
        raise SystemExit(f"Lighthouse could not audit {url}")
    categories = json.loads(report.read_text())["categories"]
    return {name: categories[name]["score"] for name in TARGETS}


def main() -> int:
    for tool, path in (("Lighthouse (npm ci)", LIGHTHOUSE), ("Chromium", Path(CHROMIUM))):
        if not path.exists():
            raise SystemExit(f"{tool} not found at {path}")
    env = production_env(
        fresh_database(os.environ["DATABASE_URL"], "clusters_lighthouse"), GUNICORN_WORKERS="2"
    )
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed_edition")
    manage(
        env,
        "copy_edition",
        "milano-2024",
        "milano-2027",
        "--start",
        "2027-03-23",
        "--publish",
        "--force",
    )
    with gunicorn(env) as base, tempfile.TemporaryDirectory() as folder:
        scores = {
            name: audit(f"{base}{path}", Path(folder) / f"{name}.json")
            for name, path in PAGES.items()
        }
    return report(scores)


def report(scores: dict[str, dict[str, float]]) -> int:
    print(f"\nLighthouse {'page':14}" + "".join(f"{name:>16}" for name in TARGETS))
    failures = []
    for page, values in scores.items():
        print(f"{'':11}{page:14}" + "".join(f"{values[name]:>16.2f}" for name in TARGETS))
        failures += [
            f"{page} {name} {values[name]:.2f} < {target}"
            for name, target in TARGETS.items()
            if values[name] is None or values[name] < target
        ]
    for failure in failures:
        print(f"FAIL  {failure}")
    print("Lighthouse: all pages meet the targets" if not failures else "Lighthouse: FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
