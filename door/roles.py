"""Who works at the door: check-in staff, and organisers (see common/roles.py)."""

from common.roles import DESK, ORGANISER, grant

grant(DESK, "registrations.check_in_attendees")
grant(ORGANISER, "registrations.check_in_attendees")
