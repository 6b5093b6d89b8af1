"""Small helpers shared by test modules (fixtures live in conftest.py)."""

import socket
import threading
import urllib.parse

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

# The site's public origin in every test (set by an autouse fixture): links must carry it, never
# the request's host.
SITE_URL = "https://cmr.example.eu"


def free_port() -> int:
    """Return a local TCP port that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """Return a DATABASE_URL for the test database, for servers and workers in subprocesses."""
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "postgres")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class CountingPasswordHasher(PBKDF2PasswordHasher):
    """Django's default hasher, counting how many passwords it checked."""

    checked = 0
    lock = threading.Lock()

    def verify(self, password, encoded):
        with CountingPasswordHasher.lock:
            CountingPasswordHasher.checked += 1
        return super().verify(password, encoded)
