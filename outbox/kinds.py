"""The registry of email kinds: each app declares its emails here, the core's own included.

A kind is a class: its name (stored on each row), a label for organisers, and what the email
says and to whom, worked out when the worker sends it (so a retry carries current details). The
worker makes one instance per email, so a kind may keep what it loaded in cached properties.

    @kinds.register
    class Confirmed(RegistrationEmail):
        name = "confirmed"
        label = _("Registration confirmed")
        subject_text = _("You are registered for %(edition)s")
"""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings

if TYPE_CHECKING:
    from outbox.models import Email


@dataclass(frozen=True)
class Recipient:
    address: str
    language: str = settings.LANGUAGE_CODE
    time_zone: dt.tzinfo | None = None  # the times the email names are in this zone


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass
class Letter:
    """What one email says: made by its kind, in the recipient's language and zone."""

    subject: str
    context: dict
    template: str  # "emails/confirmed": .txt and .html
    sender_name: str = ""
    reply_to: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    inline_images: dict[str, bytes] = field(default_factory=dict)  # Content-ID: PNG


class EmailKind:
    """One kind of email. Subclasses set `name` and `label` and say what the email says."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    # False for what organisers write themselves: automatic emails say so (RFC 3834), so that
    # out-of-office replies stay away.
    automatic: ClassVar[bool] = True

    def __init__(self, email: "Email"):
        self.email = email

    @property
    def template(self) -> str:
        return f"emails/{self.name}"

    def recipient(self) -> Recipient | None:
        """Return where the email goes, or None when nobody is left to send it to."""
        if not self.email.to_address:
            return None
        return Recipient(address=self.email.to_address)

    def subject(self) -> str:
        raise NotImplementedError

    def context(self) -> dict:
        return {}

    def sender_name(self) -> str:
        return ""

    def reply_to(self) -> str:
        return ""

    def headers(self) -> dict[str, str]:
        return {}

    def attachments(self) -> list[Attachment]:
        return []

    def inline_images(self) -> dict[str, bytes]:
        return {}

    def letter(self) -> Letter:
        """Return the whole email (called in the recipient's language and time zone)."""
        headers = {"Auto-Submitted": "auto-generated"} if self.automatic else {}
        return Letter(
            subject=self.subject(),
            context=self.context(),
            template=self.template,
            sender_name=self.sender_name(),
            reply_to=self.reply_to(),
            headers=headers | self.headers(),
            attachments=self.attachments(),
            inline_images=self.inline_images(),
        )


# What the emails of one batch share (the announcement they all carry), loaded once per batch.
_shared: ContextVar[dict | None] = ContextVar("outbox_shared", default=None)


def shared(key: tuple, load: Callable[[], Any]) -> Any:
    """Return `load()`, loaded once for a whole batch of emails (each time outside one)."""
    store = _shared.get()
    if store is None:
        return load()
    if key not in store:
        store[key] = load()
    return store[key]


@contextmanager
def sharing() -> Iterator[None]:
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


REGISTRY: dict[str, type[EmailKind]] = {}


def register(kind: type[EmailKind]) -> type[EmailKind]:
    """Declare an email kind (a class decorator); names are unique across apps."""
    if not kind.name:
        raise ValueError(f"{kind.__name__} has no name")
    if REGISTRY.get(kind.name, kind) is not kind:
        raise ValueError(f"two email kinds are named {kind.name!r}")
    REGISTRY[kind.name] = kind
    return kind


def get(name: str) -> type[EmailKind]:
    return REGISTRY[name]


def choices() -> list[tuple[str, str]]:
    """Return every declared kind as (name, label), for the admin's lists and filters."""
    return [(name, kind.label) for name, kind in sorted(REGISTRY.items())]
