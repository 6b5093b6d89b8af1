"""What apps built on networking add to the participants' area, without networking knowing them.

add_area_link("meetings:mine", _("My meetings"), has_meetings) adds a link (a URL name taking
the edition's slug) to the area's menu of the editions where has_meetings(edition) is true;
add_profile_action("meetings/_profile_action.html") includes a template on each profile page
(context: edition, visitor, profile).
"""

from collections.abc import Callable
from dataclasses import dataclass

from events.models import Edition


@dataclass(frozen=True)
class AreaLink:
    url_name: str
    label: str
    shown_for: Callable[[Edition], bool]

    @property
    def app_name(self) -> str:
        return self.url_name.partition(":")[0]


AREA_LINKS: list[AreaLink] = []
PROFILE_ACTIONS: list[str] = []


def add_area_link(url_name: str, label: str, shown_for: Callable[[Edition], bool]) -> None:
    if url_name not in {link.url_name for link in AREA_LINKS}:
        AREA_LINKS.append(AreaLink(url_name, label, shown_for))


def add_profile_action(template_name: str) -> None:
    if template_name not in PROFILE_ACTIONS:
        PROFILE_ACTIONS.append(template_name)
