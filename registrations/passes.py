"""The pass a confirmed person shows at the door: a QR code of their check-in token.

The code carries a prefix and the registration's random `check_in_token`, never personal data:
staff's phones read it on the door page and the site looks the token up. Replacing the
registration's links replaces it, and the old code then reads as unknown.
"""

import io
import re

import segno
from django.utils.safestring import SafeString

from common.qr import qr_svg
from registrations.models import Registration

# Tells our passes from any other QR code a camera may see at the desk (a poster, a menu).
PREFIX = "CMR1:"
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def pass_payload(registration: Registration) -> str:
    return PREFIX + registration.check_in_token


def token_in(payload: str) -> str | None:
    """Return the check-in token a scanned text carries, or None when it is no pass of ours."""
    payload = payload.strip()
    if not payload.startswith(PREFIX):
        return None
    token = payload.removeprefix(PREFIX)
    return token if TOKEN.fullmatch(token) else None


def pass_svg(registration: Registration, *, title: str) -> SafeString:
    """Return the pass as inline SVG markup, named `title` for screen readers."""
    return qr_svg(pass_payload(registration), title=title, css_class="pass-code")


def pass_png(registration: Registration, *, scale: int = 6) -> bytes:
    """Return the pass as a PNG image (for emails, which show no inline SVG)."""
    buffer = io.BytesIO()
    segno.make_qr(pass_payload(registration), error="m").save(
        buffer, kind="png", scale=scale, border=4
    )
    return buffer.getvalue()
