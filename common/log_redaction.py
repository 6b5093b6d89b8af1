"""Keep secrets out of logs: the tokens of personal links, and email addresses."""

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

# Every personal link's address part that holds its token (tests/test_hardening.py checks that
# each URL pattern with a token is covered).
PERSONAL_LINKS = (
    "my-registration",
    "my-calendar",
    "register/confirm",
    "new-address",
    "participants/sign-in",
    "participants/meetings/open",
    "speaker-upload",
    "certificates",
    "pitches/application",
    "moderate",
)
TOKEN_IN_PATH = re.compile(rf"(/(?:{'|'.join(PERSONAL_LINKS)})/)[^/\s?\"']+")
EMAIL = re.compile(r"([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def redact(text: str) -> str:
    """Return the text with link tokens replaced and email addresses shortened."""
    return EMAIL.sub(r"\1***@\2", TOKEN_IN_PATH.sub(r"\1[token]", text))


class RedactingFilter(logging.Filter):
    """A logging filter that redacts every record's message before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class RedactingGunicornLogger(GunicornLogger):
    """Gunicorn's access log, with paths, query strings and referrers redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
