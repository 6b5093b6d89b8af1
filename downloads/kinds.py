"""The registry of files the worker makes for organisers and door staff: badges, lists,
reports, exports. Each app declares its kinds, as the outbox's email kinds:

    @kinds.register
    class Badges(DownloadKind):
        name = "door_badges"
        label = _("Badges")
        permission = "registrations.check_in_attendees"

        def make(self, download, progress) -> File: ...

`make` runs in the worker, in the requester's language; it calls `progress(done, total)` as it
goes, and returns the file.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from downloads.models import Download

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class File:
    content: bytes
    filename: str
    content_type: str


class DownloadKind:
    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    # What the requester must still hold when the file is made and when it is fetched.
    permission: ClassVar[str] = ""

    def make(self, download: "Download", progress: Progress) -> File:
        raise NotImplementedError


REGISTRY: dict[str, type[DownloadKind]] = {}


def register(kind: type[DownloadKind]) -> type[DownloadKind]:
    if not kind.name:
        raise ValueError(f"{kind.__name__} has no name")
    if REGISTRY.get(kind.name, kind) is not kind:
        raise ValueError(f"two download kinds are named {kind.name!r}")
    REGISTRY[kind.name] = kind
    return kind


def get(name: str) -> type[DownloadKind]:
    return REGISTRY[name]
