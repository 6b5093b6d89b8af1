"""Asking, voting, moderating and polling: each vote and answer once per person, held by the
database (a unique row), counted in the same transaction."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from live.caching import after_change
from live.models import Poll, PollChoice, PollResponse, Question, QuestionVote, SessionLive
from live.voters import Voter

Status = Question.Status


class Refused(Exception):
    """Not possible now (closed, already done): the page says where things stand."""


def live_of(session) -> SessionLive:
    found, _created = SessionLive.objects.get_or_create(session=session)
    return found


def ask(*, session, text: str, name: str, voter: Voter, now: dt.datetime | None = None):
    settings = live_of(session)
    if not settings.accepts_questions(now):
        raise Refused("questions are closed")
    question = Question.objects.create(
        session=session,
        text=text,
        name=name,
        status=Status.PENDING if settings.needs_approval else Status.APPROVED,
        asker_key=voter.key,
        registration=voter.registration,
    )
    after_change(session.pk)
    return question


def vote(*, question: Question, voter: Voter) -> bool:
    """Count one vote of this person for this question; False when they had voted already."""
    if question.status != Status.APPROVED or question.answered:
        raise Refused("not open to votes")
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, voter_key=voter.key)
            Question.objects.filter(pk=question.pk).update(votes=F("votes") + 1)
    except IntegrityError:
        return False
    after_change(question.session_id)
    return True


MODERATION = {
    "approve": {"status": Status.APPROVED},
    "hide": {"status": Status.HIDDEN},
    "answered": {"answered": True, "pinned": False},
    "unanswered": {"answered": False},
    "pin": {"pinned": True, "status": Status.APPROVED},
    "unpin": {"pinned": False},
}


def moderate(*, question: Question, action: str) -> None:
    if action not in MODERATION:
        raise Refused(action)
    changes = MODERATION[action]
    if changes.get("pinned"):
        # One pinned question at a time: the one the speaker is answering.
        Question.objects.filter(session_id=question.session_id, pinned=True).update(pinned=False)
    Question.objects.filter(pk=question.pk).update(**changes)
    after_change(question.session_id)


def set_poll_state(*, poll: Poll, state: str) -> None:
    if state not in Poll.State.values:
        raise Refused(state)
    Poll.objects.filter(pk=poll.pk).update(state=state)


def answer_poll(*, poll: Poll, choices: list[PollChoice], voter: Voter) -> PollResponse:
    if poll.state != Poll.State.OPEN:
        raise Refused("the poll is not open")
    if not choices or (len(choices) > 1 and not poll.multiple):
        raise Refused("choose one answer" if not poll.multiple else "choose an answer")
    if any(choice.poll_id != poll.pk for choice in choices):
        raise Refused("not this poll's answer")
    try:
        with transaction.atomic():
            response = PollResponse.objects.create(poll=poll, voter_key=voter.key)
            response.choices.set(choices)
    except IntegrityError:
        raise Refused("answered already") from None
    return response


def close_questions(*, session, now: dt.datetime | None = None) -> None:
    SessionLive.objects.filter(pk=live_of(session).pk).update(closed_at=now or timezone.now())


def reopen_questions(*, session) -> None:
    SessionLive.objects.filter(pk=live_of(session).pk).update(closed_at=None)


def change_settings(*, session, needs_approval: bool, keep_open: bool) -> None:
    SessionLive.objects.filter(pk=live_of(session).pk).update(
        needs_approval=needs_approval, keep_open=keep_open
    )
