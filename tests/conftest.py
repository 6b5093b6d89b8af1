import json
import shutil
import subprocess
from pathlib import Path

import pytest

from events.seed.loader import load_milano_2024

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def milano(db):
    """The seeded Milan 2024 edition, as `make run` loads it."""
    edition, _ = load_milano_2024()
    return edition


@pytest.fixture
def read_calendar():
    """Parse iCalendar bytes with Mozilla's ical.js, independent of the Python writer."""
    node = shutil.which("node")
    script = REPO / "tests" / "ical" / "read_calendar.mjs"
    if node is None or not (REPO / "node_modules" / "ical.js").exists():
        pytest.fail("node and the ical.js package are needed: run `make test` (it runs npm ci).")

    def read(ics: bytes) -> dict:
        result = subprocess.run(
            [node, str(script)], input=ics, capture_output=True, check=False, cwd=REPO
        )
        assert result.returncode == 0, result.stderr.decode()
        return json.loads(result.stdout)

    return read


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache (rate-limit counters live there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
