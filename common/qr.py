"""QR codes as inline SVG, for pages and printouts (segno: no image files, no remote service)."""

import functools

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str, *, title: str, css_class: str = "qr-code", scale: int = 5) -> SafeString:
    """Return a QR code of `text` as inline SVG, named `title` for screen readers."""
    # Medium error correction: still read on a creased printout or a scratched phone screen.
    code = segno.make_qr(text, error="m")
    side = code.symbol_size(scale=scale, border=4)[0]
    # segno escapes the title and writes nothing else that comes from outside.
    svg = code.svg_inline(scale=scale, border=4, svgclass=css_class, title=title)
    # A viewBox lets the code scale with the page (segno writes a fixed size only).
    return mark_safe(svg.replace("<svg ", f'<svg role="img" viewBox="0 0 {side} {side}" ', 1))


# About 8 ms a code (measured), the agenda's being the same at every render: public addresses
# are drawn once per process. Personal codes (passes) are not kept.
public_qr_svg = functools.lru_cache(maxsize=64)(qr_svg)
