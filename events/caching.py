"""The programme's content version, which tags every cached page, and warming after an edit.

The version is raised whenever an organiser changes anything in the programme, or registrations
change what an edition's pages say about its places; every cached page and ETag changes with it
(common/page_cache.py serves them).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.urls import resolve, reverse
from django.utils import timezone, translation

from common import page_cache
from common.fragments import kept
from events.models import ContentVersion, Edition

# Moments when an app built later changes what an edition's pages show (a call for pitches
# opening or closing): each source returns an edition's moments, and cached pages end at the next.
MomentSource = Callable[[Edition], Iterable[dt.datetime]]
MOMENT_SOURCES: list[MomentSource] = []


def add_moment_source(source: MomentSource) -> None:
    if source not in MOMENT_SOURCES:
        MOMENT_SOURCES.append(source)


def next_page_change(edition: Edition, now: dt.datetime) -> dt.datetime | None:
    """Return when what the edition's pages show next changes with the clock alone, if ever."""
    moments = [edition.next_state_change(now)]
    moments += [moment for source in MOMENT_SOURCES for moment in source(edition)]
    return min((moment for moment in moments if moment and moment > now), default=None)


def kept_per_content_version[T](name: str, read: Callable[[], T]) -> T:
    """What `read` returns, kept under the content version: for programme data (editions,
    sessions) that many requests read and only an organiser's change (which raises the version)
    changes. `name` must say everything the value depends on besides the version; `read` must not
    return None."""
    return kept("events:kept", (name, page_cache.content_version()), read, seconds=3600)


def stored_content_version() -> tuple[int, float]:
    """Return the programme's version number and when it changed (the page cache's source)."""
    current, _created = ContentVersion.objects.get_or_create(pk=1)
    return current.number, current.changed_at.timestamp()


def content_changed(*, changed=None) -> None:
    """Raise the content version; every cached page and ETag changes with it.

    After the change commits, the worker renders the changed edition's most read pages afresh
    (`warm_edition_pages`), so the first visitor after an edit usually finds a fresh copy.
    """
    raised = ContentVersion.objects.filter(pk=1).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not raised:
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})
    page_cache.forget_version()
    # Also after commit, so a request that read the old version meanwhile cannot keep it.
    transaction.on_commit(page_cache.forget_version)
    if changed is not None:
        # Which editions show it is looked up once the change is committed, not for each save.
        transaction.on_commit(partial(warm_pages_showing, changed))


def warm_pages_showing(changed) -> None:
    for edition_id in editions_of(changed):
        warm_edition_pages.enqueue(edition_id)


def editions_of(changed) -> set[int]:
    """Return the ids of the editions whose pages show this changed programme object."""
    from events.models import Edition, Session

    if changed is None:
        return set()
    if isinstance(changed, Edition):
        return {changed.pk} if changed.pk else set()
    if edition_id := getattr(changed, "edition_id", None):
        return {edition_id}
    if session_id := getattr(changed, "session_id", None):  # a speaker's role in a session
        return set(Session.objects.filter(pk=session_id).values_list("edition_id", flat=True))
    if changed.pk is None:  # deleted: nothing links to it any more
        return set()
    # Shared objects (a venue, a speaker, an organisation, the series): the editions using them.
    links = {
        "Venue": ["venue", "sessions__venue", "sessions__place__venue"],
        "Place": ["sessions__place"],
        "Speaker": ["sessions__appearances__speaker"],
        "Organisation": ["partnerships__organisation"],
        "Series": ["series"],
    }.get(type(changed).__name__, [])
    found = set()
    for link in links:
        found |= set(Edition.objects.filter(**{link: changed.pk}).values_list("pk", flat=True))
    return found


# The pages most read after an edit, warmed in every language.
WARMED_PAGES = ("events:edition", "events:agenda", "events:edition_ics")


@task(queue_name="pages")
def warm_edition_pages(edition_id: int) -> int:
    """Render the edition's most read pages now, through the same single flight as visitors.

    Returns how many pages this call rendered (a page already fresh is left alone).
    """
    from events.models import Edition

    slug = Edition.objects.published().filter(pk=edition_id).values_list("slug", flat=True)
    if not slug:
        return 0
    # Imported here: django.test is slow to import, and only the worker needs it.
    from django.test import RequestFactory

    site = urlsplit(settings.SITE_URL)
    factory = RequestFactory(SERVER_NAME=site.hostname, HTTP_HOST=site.netloc)
    rendered = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name in WARMED_PAGES:
                path = reverse(name, kwargs={"edition_slug": slug[0]})
                request = factory.get(path, HTTP_ACCEPT_ENCODING="gzip")
                request.LANGUAGE_CODE = language
                request.warming = True
                request.resolver_match = match = resolve(path)
                before = cache.get(page_cache.page_key(path, "gzip"))
                match.func(request, *match.args, **match.kwargs)
                rendered += cache.get(page_cache.page_key(path, "gzip")) != before
    return rendered
