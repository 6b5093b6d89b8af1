"""Registrations in the admin, and what they add to the programme's pages."""

from registrations.admin import programme, registrations  # noqa: F401  (registers the admins)
