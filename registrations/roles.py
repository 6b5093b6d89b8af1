"""What the roles may do with registrations (see common/roles.py)."""

from common.roles import ORGANISER, grant

grant(
    ORGANISER,
    models=("registrations.Registration",),
    view_only=("registrations.Seat", "registrations.CheckIn"),
)
