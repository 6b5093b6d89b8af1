"""What the roles may do with the call for pitches (see common/roles.py)."""

from common.roles import ORGANISER, REVIEWER, grant

grant(
    ORGANISER,
    "pitches.decide_application",
    "pitches.review_application",
    models=("pitches.Call", "pitches.Category", "pitches.Criterion", "pitches.Slot"),
    view_only=("pitches.Vote",),
)
grant(ORGANISER, "pitches.view_application", "pitches.change_application")
# Reviewers see the calls (their way in from the admin's home page) and the applications'
# review pages, nothing else: no registrations, no participants, no emails.
grant(REVIEWER, "pitches.review_application", view_only=("pitches.Call",))
