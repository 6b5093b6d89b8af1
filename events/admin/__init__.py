"""The programme in the admin; other apps add to these pages through common.admin_extensions."""

from events.admin import editions, people, sessions  # noqa: F401  (registers the admins)
