"""The question list as most phones read it, rendered once per change: a version per session,
raised by every question, vote and moderation, names the cached copy (the template's
`{% cache %}`), so a room of phones re-reading the list costs one render per change."""

from django.core.cache import cache


def key(session_id: int) -> str:
    return f"live:questions-version:{session_id}"


def list_version(session_id: int) -> int:
    version = cache.get(key(session_id))
    if version is None:
        cache.add(key(session_id), 1, timeout=None)
        version = cache.get(key(session_id), 1)
    return version


def questions_changed(session_id: int) -> None:
    try:
        cache.incr(key(session_id))
    except ValueError:  # not set yet: the next reader starts a version
        cache.add(key(session_id), 2, timeout=None)


def after_change(session_id: int) -> None:
    """Raise the version now and again once the change commits: a reader between the two would
    otherwise keep the list as it was before the change under the new version."""
    from django.db import transaction

    questions_changed(session_id)
    transaction.on_commit(lambda: questions_changed(session_id))
