"""Named by landed migration 0009; the code is in common.colours."""

from common.colours import validate_accent_colour  # noqa: F401
