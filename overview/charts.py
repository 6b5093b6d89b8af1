"""Charts drawn on the server as SVG: no chart library in the browser, the same figures as the
table beside them (which screen readers and printouts use).

Only presentation attributes, no style attributes: the Content Security Policy forbids inline
styles.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
BAR = 22  # height of one bar in a horizontal chart
LABEL_WIDTH = 200
COLOUR = "#0b3d91"  # the site's default accent; 9.7:1 against white


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    link: str = ""


def bars(title: str, rows: list[Bar]) -> SafeString:
    """A horizontal bar chart: one bar a row, its label at the left and its value at the end."""
    largest = max((row.value for row in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60
    height = BAR * len(rows) + 8
    items = format_html_join(
        "",
        '<g transform="translate(0 {})"><text x="{}" y="15" text-anchor="end" font-size="13" '
        'fill="#212529">{}</text><rect x="{}" y="3" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="15" font-size="13" fill="#212529">{}</text></g>',
        (
            (
                index * BAR + 4,
                LABEL_WIDTH - 8,
                shorten(row.label),
                LABEL_WIDTH,
                max(round(room * row.value / largest), 1 if row.value else 0),
                BAR - 6,
                COLOUR,
                LABEL_WIDTH + max(round(room * row.value / largest), 0) + 6,
                row.value,
            )
            for index, row in enumerate(rows)
        ),
    )
    return svg(title, height, items)


def columns(title: str, rows: list[Bar]) -> SafeString:
    """A column chart over time (one column a day), labelled at its first and last column."""
    largest = max((row.value for row in rows), default=0) or 1
    plot = 160
    width = WIDTH - 40
    step = width / max(len(rows), 1)
    items = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
        (
            (
                round(20 + index * step, 1),
                round(10 + plot - plot * row.value / largest, 1),
                round(max(step - 2, 1), 1),
                round(plot * row.value / largest, 1),
                COLOUR,
                row.label,
                row.value,
            )
            for index, row in enumerate(rows)
        ),
    )
    if rows:
        items += format_html(
            '<text x="20" y="{}" font-size="12" fill="#212529">{}</text>'
            '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#212529">{}</text>'
            '<text x="18" y="20" font-size="12" text-anchor="end" fill="#212529">{}</text>',
            plot + 28,
            rows[0].label,
            WIDTH - 20,
            plot + 28,
            rows[-1].label,
            largest,
        )
    return svg(title, plot + 36, items)


def svg(title: str, height: int, items: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        title,
        WIDTH,
        height,
        WIDTH,
        title,
        items,
    )


def shorten(label: str, most: int = 28) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"
