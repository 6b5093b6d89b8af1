"""Messages to participants in the admin."""

from messaging.admin import announcements, timed  # noqa: F401  (registers the admins)
