"""Named by landed migrations (0008, 0009, networking 0001); the code is in common.images."""

from common.images import random_upload_name, validate_picture  # noqa: F401
