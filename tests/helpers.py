"""Small helpers shared by test modules (fixtures live in conftest.py)."""

import socket

# The site's public origin in every test (set by an autouse fixture): links must carry it, never
# the request's host.
SITE_URL = "https://cmr.example.eu"


def free_port() -> int:
    """Return a local TCP port that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
