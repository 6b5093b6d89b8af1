"""What the roles may do with the matchmaking (see common/roles.py)."""

from common.roles import ORGANISER, grant

grant(
    ORGANISER,
    models=(
        "meetings.Matchmaking",
        "meetings.MeetingBlock",
        "meetings.MeetingTable",
        "meetings.Meeting",
    ),
)
