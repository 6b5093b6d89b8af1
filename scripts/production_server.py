"""What `make bench` and the Lighthouse audit share: a scratch database and gunicorn running."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(base_url: str, name: str) -> str:
    """Create the database `name` afresh beside `base_url`'s and return its URL."""
    with psycopg.connect(base_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(base_url)._replace(path=f"/{name}"))


def production_env(database_url: str, **overrides: str) -> dict:
    """Return the environment of the site as production runs it, over plain HTTP on 127.0.0.1."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_ENV_FILE": "",  # not the development .env of `make run`
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        **overrides,
    }


@contextmanager
def gunicorn(env: dict) -> Iterator[str]:
    """Run gunicorn with gunicorn.conf.py and this environment; yield its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=REPO,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "SITE_URL": f"http://127.0.0.1:{port}"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_up(base: str, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise SystemExit("gunicorn exited; see its output above")
        try:
            urllib.request.urlopen(f"{base}/health/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer on /health/")
