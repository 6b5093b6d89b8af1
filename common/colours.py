"""Colour contrast by WCAG 2.1, for each edition's accent colour in light and dark mode.

The accent colours links and buttons on the pages' light backgrounds, and the edition's header
band (white text on it), so it must reach 4.5:1 against the darkest light background, the panels
(--cmr-surface), and so against white too. Dark mode uses a lighter variant of the same colour,
computed here to reach 4.5:1 against the lightest dark background, so organisers pick one colour
and both modes hold.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WHITE = "#ffffff"
# The backgrounds links sit on (static/css/site.css): the light panels, and dark mode's panels.
LIGHT_SURFACE = "#f1f5fb"
DARK_BACKGROUND = "#1e232a"
AA_TEXT = 4.5
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Return the relative luminance of "#rrggbb" (WCAG 2.1)."""
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    """Return the contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_accent_colour(value: str) -> None:
    """Refuse an accent that is not "#rrggbb", or that white text and white pages cannot take."""
    if not HEX_COLOUR.fullmatch(value or ""):
        raise ValidationError(
            _("Write the colour as # and six hexadecimal digits, e.g. #0b3d91."), code="format"
        )
    ratio = contrast(value, LIGHT_SURFACE)
    if ratio < AA_TEXT:
        raise ValidationError(
            _(
                "%(colour)s has a contrast of %(ratio).2f:1 with the pages' light panels; WCAG AA "
                "needs at least 4.5:1 for text. Choose a darker colour."
            ),
            params={"colour": value, "ratio": ratio},
            code="contrast",
        )


def rgb(colour: str) -> str:
    """Return "#rrggbb" as "r, g, b", the form Bootstrap's *-rgb properties take."""
    return ", ".join(str(int(colour[index : index + 2], 16)) for index in (1, 3, 5))


def mix(colour: str, other: str, share: float) -> str:
    """Return `colour` with `share` (0 to 1) of `other` mixed in, as "#rrggbb"."""
    channels = [
        round(int(colour[i : i + 2], 16) * (1 - share) + int(other[i : i + 2], 16) * share)
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def for_dark_mode(accent: str) -> str:
    """Return the accent lightened just enough to reach AA on the dark background."""
    for step in range(21):
        candidate = mix(accent, WHITE, step / 20)
        if contrast(candidate, DARK_BACKGROUND) >= AA_TEXT:
            return candidate
    return WHITE
