"""What the pitch call adds to other apps' pages, and when (common/page_parts.py)."""

import datetime as dt

from django.db.models.functions import Lower
from django.template import Context

from events.models import Edition, Session
from pitches.models import Application, Call

CACHE_KEY = "_pitch_call"


def call_on_page(context: Context) -> Call | None:
    """The page's edition's call, looked up once per page (the agenda asks once per session)."""
    cache = context.render_context
    if CACHE_KEY not in cache:
        edition = context.get("edition")
        cache[CACHE_KEY] = (
            Call.objects.filter(edition=edition).first() if isinstance(edition, Edition) else None
        )
    context["pitch_call"] = cache[CACHE_KEY]
    return cache[CACHE_KEY]


def has_open_call(context: Context) -> bool:
    call = call_on_page(context)
    return call is not None and call.is_open()


def session_has_call_or_vote(context: Context) -> bool:
    session = context.get("session")
    if not isinstance(session, Session) or session.session_type != Session.Type.PITCHING:
        return False
    call = call_on_page(context)
    return call is not None and (call.is_open() or call.audience_votes)


def is_applicant(context: Context) -> bool:
    registration = context.get("registration")
    if registration is None or not registration.email:
        return False
    applications = list(
        Application.objects.alias(address=Lower("email"))
        .filter(call__edition_id=registration.edition_id, address=registration.email.lower())
        .select_related("call__edition")
    )
    context["pitch_applications"] = applications
    return bool(applications)


def call_moments(edition: Edition) -> list[dt.datetime]:
    """When the call opens and closes: the edition's cached pages change then."""
    call = Call.objects.filter(edition=edition).only("opens_at", "closes_at").first()
    return [call.opens_at, call.closes_at] if call else []
