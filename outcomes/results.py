"""The survey's and the meetings' results, counted from the answers (read-only, a few queries
whatever the number of people)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from events.models import Edition
from meetings.models import Meeting
from outcomes.forms import LABELS
from outcomes.models import Evaluation, MeetingView, Question, Response
from outcomes.survey import checked_in
from overview.charts import Bar

# No figure about fewer people than this is published or exported (as "who is coming").
SMALLEST_GROUP = 5
RATED = ("overall", "programme", "before", "during")


@dataclass
class Distribution:
    title: str
    bars: list[Bar]
    average: float | None = None
    is_rating: bool = False  # a scale with an average, not a list of choices

    @property
    def answers(self) -> int:
        return sum(bar.value for bar in self.bars)


@dataclass
class SurveyResults:
    invited: int
    responses: int
    distributions: list[Distribution] = field(default_factory=list)
    recommend: Distribution | None = None
    nps: int | None = None
    texts: list[tuple[str, list[str]]] = field(default_factory=list)
    sessions: list[tuple[str, int, float]] = field(default_factory=list)

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.responses / self.invited, 1) if self.invited else None


def average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def rating_distribution(title: str, values: list[int], scale=range(1, 6)) -> Distribution:
    counts = Counter(values)
    return Distribution(
        title, [Bar(str(n), counts[n]) for n in scale], average(values), is_rating=True
    )


def choice_distribution(title: str, values: list[str], choices) -> Distribution:
    counts = Counter(values)
    return Distribution(title, [Bar(str(label), counts[value]) for value, label in choices])


def net_promoter_score(values: list[int]) -> int | None:
    """Promoters (9–10) less detractors (0–6), as a share of everyone who answered."""
    if not values:
        return None
    promoters = sum(1 for value in values if value >= 9)
    detractors = sum(1 for value in values if value <= 6)
    return round(100 * (promoters - detractors) / len(values))


def survey_results(evaluation: Evaluation) -> SurveyResults:
    edition = evaluation.edition
    rows = list(
        Response.objects.filter(evaluation=evaluation).values(
            *RATED, "expectations", "reason", "recommend", "missing", "answers", "session_ratings"
        )
    )
    results = SurveyResults(invited=checked_in(edition).count(), responses=len(rows))
    for name in RATED:
        results.distributions.append(
            rating_distribution(str(LABELS[name]), [row[name] for row in rows])
        )
    for name, choices in (
        ("expectations", Response.Expectations.choices),
        ("reason", Response.Reason.choices),
    ):
        results.distributions.append(
            choice_distribution(str(LABELS[name]), [row[name] for row in rows], choices)
        )
    recommend = [row["recommend"] for row in rows]
    results.recommend = rating_distribution(str(LABELS["recommend"]), recommend, range(11))
    results.nps = net_promoter_score(recommend)
    results.texts.append(
        (str(LABELS["missing"]), [row["missing"] for row in rows if row["missing"]])
    )
    for question in evaluation.questions.all():
        key = str(question.pk)
        given = [row["answers"][key] for row in rows if key in row["answers"]]
        if question.kind == Question.Kind.SCALE:
            results.distributions.append(rating_distribution(question.text, given))
        elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            chosen = [
                value
                for answer in given
                for value in (answer if isinstance(answer, list) else [answer])
            ]
            choices = list(enumerate(question.choice_list()))
            results.distributions.append(choice_distribution(question.text, chosen, choices))
        else:
            results.texts.append((question.text, [str(answer) for answer in given if answer]))
    ratings: dict[int, list[int]] = {}
    for row in rows:
        for session_id, value in row["session_ratings"].items():
            ratings.setdefault(int(session_id), []).append(value)
    titles = dict(edition.sessions.filter(pk__in=ratings).values_list("pk", "title"))
    results.sessions = sorted(
        (
            (titles[session_id], len(values), average(values))
            for session_id, values in ratings.items()
            if session_id in titles
        ),
        key=lambda row: row[0],
    )
    return results


@dataclass
class MeetingResults:
    requested: int
    accepted: int
    held: int
    rated: int
    agreements: int
    assessments: Distribution
    follow_ups: Distribution


# A meeting held: recorded so at the table, or one of its two people says it took place.
HELD = Q(outcome=Meeting.Outcome.HELD) | Q(took_place=True)


def with_views(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings with what their people said of them: rated, took place, agreement reached."""
    views = MeetingView.objects.filter(meeting=OuterRef("pk"))
    return meetings.annotate(
        was_rated=Exists(views.exclude(assessment="")),
        took_place=Exists(views.exclude(assessment__in=["", MeetingView.Assessment.NOT_HELD])),
        agreed=Exists(views.filter(follow_up=MeetingView.FollowUp.AGREEMENT)),
    )


def meeting_results(edition: Edition) -> MeetingResults:
    confirmed = Q(status=Meeting.Status.CONFIRMED)
    figures = with_views(Meeting.objects.of_edition(edition)).aggregate(
        requested=Count("pk"),
        accepted=Count("pk", filter=confirmed),
        held=Count("pk", filter=confirmed & HELD),
        rated=Count("pk", filter=confirmed & Q(was_rated=True)),
        agreements=Count("pk", filter=confirmed & Q(agreed=True)),
    )
    answers = MeetingView.objects.filter(meeting__block__matchmaking__edition=edition)
    assessed = dict(
        answers.exclude(assessment="").values_list("assessment").annotate(n=Count("pk"))
    )
    followed = dict(answers.exclude(follow_up="").values_list("follow_up").annotate(n=Count("pk")))
    return MeetingResults(
        **figures,
        assessments=Distribution(
            _("How the meetings went (one answer per person and meeting)"),
            [
                Bar(str(label), assessed.get(value, 0))
                for value, label in MeetingView.Assessment.choices
            ],
        ),
        follow_ups=Distribution(
            _("What came of them (one answer per person and meeting)"),
            [
                Bar(str(label), followed.get(value, 0))
                for value, label in MeetingView.FollowUp.choices
            ],
        ),
    )


def suppressed(rows: list[tuple[str, int]]) -> list[tuple[str, int | str]]:
    """Rows for publication: groups under 5 people merged into one, itself shown only as
    'fewer than 5' when small, so that no figure points at a handful of people."""
    shown: list[tuple[str, int | str]] = [(label, n) for label, n in rows if n >= SMALLEST_GROUP]
    small = sum(n for _label, n in rows if 0 < n < SMALLEST_GROUP)
    if small:
        shown.append(
            (
                _("Others (groups of fewer than %(count)s)") % {"count": SMALLEST_GROUP},
                small if small >= SMALLEST_GROUP else fewer_than(),
            )
        )
    return shown


def fewer_than() -> str:
    return _("fewer than %(count)s") % {"count": SMALLEST_GROUP}
