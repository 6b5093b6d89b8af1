"""The worker outlives its database: PostgreSQL stops under it and comes back, work goes on."""

import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

from with_postgres import PrivateServer, postgres_bindir  # noqa: E402

pytestmark = pytest.mark.django_db


def copy_schema(source: str, target: str) -> None:
    """Give the private server the test database's tables (faster than migrating)."""
    dump = subprocess.run(
        ["pg_dump", "--schema-only", "--no-owner", source],
        capture_output=True, check=True,
    )  # fmt: skip
    subprocess.run(["psql", "-q", target], input=dump.stdout, capture_output=True, check=True)


def test_the_worker_waits_for_the_database_and_carries_on(tmp_path):
    from tests.helpers import database_url

    bindir = postgres_bindir()
    assert bindir, "PostgreSQL's binaries are needed (make test installs them)"
    server = PrivateServer(bindir)
    server.start()
    worker = None
    try:
        copy_schema(database_url(), server.url)
        env = {
            "PATH": "/usr/bin:/bin", "DATABASE_URL": server.url, "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "test-only", "DJANGO_ENV_FILE": "",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        }  # fmt: skip
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay",
             "--no-reload"],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        time.sleep(2)
        server.stop()  # PostgreSQL goes away under the worker
        time.sleep(4)
        assert worker.poll() is None, worker.stdout.read()
        server.start()
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c",
             "from outbox.sending import send_queued; send_queued.enqueue('nothing-to-send')"],
            cwd=REPO, env=env, check=True, capture_output=True,
        )  # fmt: skip
        deadline, status = time.monotonic() + 60, None
        while time.monotonic() < deadline and status != "SUCCESSFUL":
            with psycopg.connect(server.url) as database:
                row = database.execute(
                    "SELECT status FROM django_tasks_database_dbtaskresult"
                ).fetchone()
            status = row[0] if row else None
            time.sleep(0.5)
        assert status == "SUCCESSFUL"
    finally:
        if worker is not None:
            worker.terminate()
            output = worker.communicate(timeout=20)[0]
        server.remove()
    assert "The database cannot be reached" in output
    assert connection.vendor == "postgresql"
