"""What the roles may do with the programme (see common/roles.py)."""

from common.roles import CONTENT, grant

grant(
    CONTENT,
    models=(
        "events.Series",
        "events.Edition",
        "events.Objective",
        "events.EditionPartner",
        "events.Contact",
        "events.EditionLink",
        "events.EditionPage",
        "events.Session",
        "events.SessionSpeaker",
        "events.Material",
        "events.Speaker",
        "events.Organisation",
        "events.Venue",
        "events.Place",
    ),
)
