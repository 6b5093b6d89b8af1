"""Who is asking or voting, without knowing who they are: a signed-in participant's registration,
or a random token this browser keeps (kept hashed, so the database never holds the cookie)."""

import hashlib
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from events.models import Edition
from networking.access import visitor
from registrations.models import Registration

COOKIE = "live_voter"
TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
KEPT_DAYS = 30


@dataclass(frozen=True)
class Voter:
    key: str
    registration: Registration | None
    new_token: str = ""  # set on the response: this browser's first question or vote

    def remember(self, response: HttpResponse) -> HttpResponse:
        if self.new_token:
            response.set_cookie(
                COOKIE,
                self.new_token,
                max_age=KEPT_DAYS * 86400,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def browser_key(token: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:live:{token}".encode()).hexdigest()
    return f"b{digest[:40]}"


def voter_of(request: HttpRequest, edition: Edition) -> Voter:
    person = visitor(request, edition).registration
    if person is not None and person.status == Registration.Status.CONFIRMED:
        return Voter(key=f"r{person.pk}", registration=person)
    token = request.COOKIES.get(COOKIE, "")
    if TOKEN.fullmatch(token):
        return Voter(key=browser_key(token), registration=None)
    token = secrets.token_urlsafe(32)
    return Voter(key=browser_key(token), registration=None, new_token=token)
