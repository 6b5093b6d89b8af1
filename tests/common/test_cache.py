"""The shared cache (Redis) after a hiccup: an edit made meanwhile still shows."""

import socket
import time

import pytest
from django.core.cache import cache

from events.services import save_session
from tests.factories import make_session, open_edition
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_redis(settings):
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
            sock.sendall(b"SELECT 13\r\nFLUSHDB\r\n")
            sock.recv(100)
    except OSError:
        pytest.fail("Redis must run on 127.0.0.1:6379 (.ci/run starts it)")
    settings.CACHES = {
        "default": {
            "BACKEND": "common.cache.FailSafeRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/13",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
    settings.CONTENT_VERSION_CACHE_SECONDS = 30
    settings.STALE_GRACE_SECONDS = 0


def test_an_edit_made_while_the_cache_backs_off_shows_once_redis_answers(client, real_redis):
    edition = open_edition()
    session = make_session(edition, slug="opening", title_en="Opening", title_it="Apertura")
    assert "Opening" in text_of(client.get(f"/{edition.slug}/agenda/"))

    # A call to Redis has just timed out: the backend leaves Redis alone for a few seconds.
    cache._down_until = time.monotonic() + 60
    session.title = "Opening plenary, moved"
    save_session(session=session)
    cache._down_until = 0.0  # Redis answers again

    again = text_of(client.get(f"/{edition.slug}/agenda/"))
    assert "Opening plenary, moved" in again
