"""A call for pitches: the call, what applicants send, what reviewers score, who is chosen.

An application's `status` is where it stands for the applicant; `decision` is the organisers'
draft, applied to everyone at once (services.apply_decisions), as in pretalx.
"""

from pitches.models.applications import (
    SEEKING_LIMIT,
    SUMMARY_LIMIT,
    TITLE_LIMIT,
    Application,
    ApplicationQuerySet,
)
from pitches.models.calls import VOTE_GRACE, Call, Category, Criterion, Slot
from pitches.models.reviews import Review, Score, Vote

__all__ = [
    "SEEKING_LIMIT",
    "SUMMARY_LIMIT",
    "TITLE_LIMIT",
    "VOTE_GRACE",
    "Application",
    "ApplicationQuerySet",
    "Call",
    "Category",
    "Criterion",
    "Review",
    "Score",
    "Slot",
    "Vote",
]
