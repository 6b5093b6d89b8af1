"""Parts of pages that apps built later add to the templates of the apps they build on.

A template names a place (`{% page_parts "edition_nav" %}`); each app adds its parts there (in
its AppConfig.ready), so the base template and the programme's pages name no later app:

    page_parts.add("edition_nav", "networking/_nav_area.html", order=50)
    page_parts.add("area_nav", "meetings/_area_link.html", shown=has_matchmaking_on_page)

A part is a template rendered with the page's context; `shown(context)` may leave it out.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.template import Context


@dataclass(frozen=True)
class Part:
    template: str
    order: int
    shown: Callable[[Context], bool] | None


PARTS: defaultdict[str, list[Part]] = defaultdict(list)


def add(
    place: str,
    template: str,
    *,
    order: int = 100,
    shown: Callable[[Context], bool] | None = None,
) -> None:
    """Add a part to a place of the pages (once, however often the app is made ready)."""
    if any(part.template == template for part in PARTS[place]):
        return
    PARTS[place].append(Part(template, order, shown))
    PARTS[place].sort(key=lambda part: part.order)


def parts_of(place: str) -> list[Part]:
    return PARTS[place]
