"""What the roles may do with the evaluation (see common/roles.py)."""

from common.roles import ORGANISER, grant

grant(
    ORGANISER,
    models=("outcomes.Evaluation", "outcomes.Question"),
    view_only=("outcomes.Response", "outcomes.MeetingView"),
)
