"""The live pages: a session's questions and polls (phones), the presenter's view (the stage),
the moderator's page (a link per session), and the room screens (the venue's big screens)."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from common.links import absolute_url
from common.page_cache import cached_public_page
from common.parsing import parse_id
from common.qr import public_qr_svg
from events.models import Edition, Place, Session
from events.shortcuts import get_public_edition
from live import screens, services
from live.caching import list_version
from live.forms import QuestionForm
from live.models import Poll, PollResponse, Question, QuestionVote, SessionLive
from live.ratelimit import allow
from live.voters import voter_of

# A phone shows the most voted questions (and the one being answered) first; the rest on demand.
ON_A_PHONE = 30


def session_of(edition: Edition, session_slug: str) -> Session:
    return get_object_or_404(
        edition.sessions.published().select_related(
            "edition__series", "edition__venue", "place__venue", "venue"
        ),
        slug=session_slug,
    )


def settings_of(session: Session) -> SessionLive:
    """The session's settings, or their defaults (nothing is written for a reader)."""
    settings = SessionLive.objects.filter(session=session).first() or SessionLive()
    settings.session = session  # the one loaded already, with its edition
    return settings


def open_polls(session: Session) -> list[Poll]:
    return list(session.polls.filter(state=Poll.State.OPEN).prefetch_related("choices"))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def questions(request: HttpRequest, edition_slug: str, session_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    session = session_of(edition, session_slug)
    settings = settings_of(session)
    voter = voter_of(request, edition)
    form = QuestionForm()
    if request.method == "POST":
        outcome = act(request, session, voter)
        if isinstance(outcome, QuestionForm):
            form = outcome
        else:
            return voter.remember(outcome)
    polls = open_polls(session)
    shown = Question.objects.shown().filter(session=session)
    show_all = request.GET.get("all") == "1"
    context = {
        "edition": edition,
        "session": session,
        "settings": settings,
        "accepts": settings.accepts_questions(),
        "form": form,
        # Read only when the cached list is out of date (the template's `{% cache %}`).
        "questions": shown if show_all else shown[:ON_A_PHONE],
        "question_count": shown.count,
        "show_all": show_all,
        "list_version": list_version(session.pk),
        "my_votes": " ".join(
            str(pk)
            for pk in QuestionVote.objects.filter(
                question__session=session, voter_key=voter.key
            ).values_list("question_id", flat=True)
        ),
        "my_waiting": Question.objects.filter(
            session=session, asker_key=voter.key, status=Question.Status.PENDING
        ).count(),
        "polls": polls,
        "answered_polls": set(
            PollResponse.objects.filter(poll__in=polls, voter_key=voter.key).values_list(
                "poll_id", flat=True
            )
        ),
    }
    status = 400 if form.errors else 200
    return voter.remember(render(request, "live/questions.html", context, status=status))


def act(request: HttpRequest, session: Session, voter) -> HttpResponse | QuestionForm:
    """One visitor's question, vote or poll answer; a form with its errors, or a redirect."""
    action = request.POST.get("action")
    if not allow(request, voter, action or "none"):
        messages.error(request, _("Too many at once: please wait a minute and try again."))
        return redirect(request.path)
    try:
        if action == "ask":
            form = QuestionForm(request.POST)
            if not form.is_valid():
                return form
            question = services.ask(
                session=session,
                text=form.cleaned_data["text"],
                name=form.cleaned_data["name"],
                voter=voter,
            )
            if question.status == Question.Status.PENDING:
                messages.success(
                    request, _("Thank you: your question appears once a moderator approves it.")
                )
            else:
                messages.success(request, _("Thank you: your question is on the list."))
        elif action == "vote":
            question = get_object_or_404(
                Question, pk=parse_id(request.POST.get("question")), session=session
            )
            if not services.vote(question=question, voter=voter):
                messages.info(request, _("You have voted for this question already."))
        elif action == "answer_poll":
            poll = get_object_or_404(Poll, pk=parse_id(request.POST.get("poll")), session=session)
            wanted = {parse_id(value) for value in request.POST.getlist("choice")}
            chosen = [choice for choice in poll.choices.all() if choice.pk in wanted]
            services.answer_poll(poll=poll, choices=chosen, voter=voter)
            messages.success(request, _("Thank you: your answer is counted."))
        else:
            raise Http404("no such action")
    except services.Refused as refused:
        messages.error(request, refusal_text(str(refused)))
    return redirect(request.path)


def refusal_text(reason: str) -> str:
    return {
        "questions are closed": _("Questions to this session are closed."),
        "not open to votes": _("This question is no longer open to votes."),
        "the poll is not open": _("This poll is closed."),
        "choose one answer": _("Choose one answer."),
        "choose an answer": _("Choose at least one answer."),
        "answered already": _("You have answered this poll already."),
    }.get(reason, _("That is not possible now."))


@never_cache
@require_safe
def presenter(request: HttpRequest, edition_slug: str, session_slug: str) -> HttpResponse:
    """For the stage: the approved questions by votes, big, and the polls' results."""
    edition = get_public_edition(edition_slug)
    session = session_of(edition, session_slug)
    polls = list(
        session.polls.exclude(state=Poll.State.DRAFT).prefetch_related("choices__responses")
    )
    context = {
        "edition": edition,
        "session": session,
        "questions": list(Question.objects.shown().filter(session=session)[:12]),
        "polls": [(poll, poll_results(poll)) for poll in polls],
    }
    return render(request, "live/presenter.html", context)


def poll_results(poll: Poll) -> dict:
    choices = list(poll.choices.all())
    counts = [(choice, len(choice.responses.all())) for choice in choices]
    answered = len({r.pk for choice in choices for r in choice.responses.all()})
    return {
        "answered": answered,
        "rows": [
            (choice, count, round(100 * count / answered) if answered else 0)
            for choice, count in counts
        ],
    }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def moderate(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    settings = get_object_or_404(
        SessionLive.objects.select_related("session__edition"),
        moderator_token=token,
        session__edition=edition,
    )
    session = settings.session
    if request.method == "POST":
        moderate_action(request, settings)
        return redirect(request.path)
    context = {
        "edition": edition,
        "session": session,
        "settings": settings,
        "accepts": settings.accepts_questions(),
        "questions": list(
            Question.objects.filter(session=session)
            .exclude(status=Question.Status.HIDDEN)
            .order_by("status", "-pinned", "answered", "-votes", "created_at")
        ),
        "hidden": Question.objects.filter(session=session, status=Question.Status.HIDDEN).count(),
        "polls": list(session.polls.all()),
    }
    return render(request, "live/moderate.html", context)


def moderate_action(request: HttpRequest, settings: SessionLive) -> None:
    session = settings.session
    action = request.POST.get("action", "")
    if action in services.MODERATION:
        question = get_object_or_404(
            Question, pk=parse_id(request.POST.get("question")), session=session
        )
        services.moderate(question=question, action=action)
    elif action in ("open_poll", "close_poll"):
        poll = get_object_or_404(Poll, pk=parse_id(request.POST.get("poll")), session=session)
        state = Poll.State.OPEN if action == "open_poll" else Poll.State.CLOSED
        services.set_poll_state(poll=poll, state=state)
    elif action == "close_questions":
        services.close_questions(session=session)
    elif action == "reopen_questions":
        services.reopen_questions(session=session)
    elif action == "settings":
        services.change_settings(
            session=session,
            needs_approval=request.POST.get("needs_approval") == "on",
            keep_open=request.POST.get("keep_open") == "on",
        )
    else:
        raise Http404("no such action")


@require_safe
@cached_public_page
def venue_screen(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    return screen_response(request, edition, None)


@require_safe
@cached_public_page
def place_screen(request: HttpRequest, edition_slug: str, place_id: int) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    place = get_object_or_404(
        Place.objects.filter(sessions__edition=edition).distinct(), pk=place_id
    )
    return screen_response(request, edition, place)


def screen_response(request: HttpRequest, edition: Edition, place: Place | None) -> HttpResponse:
    now = timezone.now()
    rows = screens.now_and_next(edition, now, place=place)
    context = {
        "edition": edition,
        "place": place,
        "rows": [
            (
                row,
                public_qr_svg(
                    absolute_url(row.current_or_next.get_absolute_url()),
                    title=_("QR code: this session's page, its questions and polls"),
                    css_class="screen-qr",
                    scale=6,
                ),
            )
            for row in rows
        ],
        "local_now": timezone.localtime(now, edition.tz),
    }
    response = render(request, "live/screen.html", context)
    # What is on changes with the clock: the cached copy ends at the next minute.
    response.fresh_until = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    return response
