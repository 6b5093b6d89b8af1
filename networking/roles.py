"""What the roles may do in the participants' area (see common/roles.py)."""

from common.roles import ORGANISER, grant

grant(
    ORGANISER,
    models=(
        "networking.Sector",
        "networking.NetworkingOptions",
        "networking.Profile",
        "networking.Entry",
    ),
)
