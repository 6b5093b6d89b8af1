"""What the roles may do live (see common/roles.py): organisers prepare polls and moderate."""

from common.roles import ORGANISER, grant

grant(
    ORGANISER,
    models=("live.Poll", "live.PollChoice", "live.SessionLive", "live.Question"),
    view_only=("live.PollResponse",),
)
