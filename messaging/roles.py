"""What the roles may do with messages to participants (see common/roles.py)."""

from common.roles import COMMUNICATIONS, grant

grant(COMMUNICATIONS, models=("messaging.Announcement", "messaging.TimedMessage"))
