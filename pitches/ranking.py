"""The reviewers' ranking: each application's weighted average over its reviews, how far the
reviewers disagree, and how many reviewed it (conflicts of interest left out)."""

from dataclasses import dataclass

from pitches.models import Application, Call, Review


@dataclass(frozen=True)
class Row:
    application: Application
    average: float | None  # 1–5, weighted by the criteria's weights
    spread: float | None  # highest reviewer's weighted score minus the lowest's
    reviews: int
    conflicts: int
    mine: Review | None  # the reader's own review


def weighted_score(review: Review, weights: dict[int, int]) -> float | None:
    """Return one review's weighted score, or None while a criterion is left unscored."""
    values = {score.criterion_id: score.value for score in review.scores.all()}
    if review.conflict or set(values) != set(weights):
        return None
    total = sum(weights.values())
    return sum(weights[criterion] * value for criterion, value in values.items()) / total


def ranked(call: Call, applications=None, *, reviewer=None) -> list[Row]:
    """Return the applications, best first (unreviewed last), in two queries and a prefetch."""
    weights = {criterion.pk: criterion.weight for criterion in call.criteria.all()}
    applications = applications if applications is not None else call.applications.all()
    rows = []
    for application in applications.for_review():
        reviews = list(application.reviews.all())
        scores = [s for s in (weighted_score(r, weights) for r in reviews) if s is not None]
        rows.append(
            Row(
                application=application,
                average=sum(scores) / len(scores) if scores else None,
                spread=max(scores) - min(scores) if scores else None,
                reviews=len(scores),
                conflicts=sum(1 for review in reviews if review.conflict),
                mine=next((r for r in reviews if reviewer and r.reviewer_id == reviewer.pk), None),
            )
        )
    rows.sort(
        key=lambda row: (
            row.average is None,
            -(row.average or 0),
            -row.reviews,
            row.application.created_at,
        )
    )
    return rows
