"""What the call achieved, for the organisers and the edition's report: the applications by
category and outcome, and the audience's vote."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from events.models import Edition
from outcomes.report import Table
from pitches.models import Application, Call


@dataclass(frozen=True)
class VoteResult:
    application: Application
    votes: int
    share: float  # of all votes cast, 0–1


@dataclass(frozen=True)
class VoteResults:
    voters: int
    rows: list[VoteResult]


def vote_results(call: Call) -> VoteResults:
    """Every confirmed pitch with its votes, most voted first."""
    pitches = (
        call.applications.filter(status=Application.Status.CONFIRMED)
        .annotate(vote_count=Count("votes"))
        .select_related("category")
        .order_by("-vote_count", "appearance__order", "pk")
    )
    voters = call.votes.count()
    rows = [VoteResult(p, p.vote_count, p.vote_count / voters if voters else 0.0) for p in pitches]
    return VoteResults(voters, rows)


def report_tables(edition: Edition) -> list[Table]:
    call = Call.objects.filter(edition=edition).first()
    if call is None:
        return []
    counts = (
        call.applications.submitted()
        .values("category__name", "status")
        .annotate(number=Count("pk"))
        .order_by("category__order", "category__name")
    )
    by_category: dict[str, dict[str, int]] = {}
    for row in counts:
        by_category.setdefault(row["category__name"], {})[row["status"]] = row["number"]
    status = Application.Status
    tables = [
        Table(
            _("The call for pitches"),
            [_("Category"), _("Applications"), _("Accepted and confirmed"), _("Reserve")],
            [
                [
                    name,
                    sum(found.values()),
                    found.get(status.CONFIRMED, 0),
                    found.get(status.RESERVE, 0),
                ]
                for name, found in by_category.items()
            ],
        )
    ]
    if call.audience_votes:
        results = vote_results(call)
        tables.append(
            Table(
                _("The audience's vote"),
                [_("Pitch"), _("Organisation"), _("Votes"), _("Share")],
                [
                    [r.application.title, r.application.organisation, r.votes, f"{r.share:.0%}"]
                    for r in results.rows
                ],
                _("%(voters)d participants checked in voted, one vote each.")
                % {"voters": results.voters},
            )
        )
    return tables
