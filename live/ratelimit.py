"""Floods from one source are limited: each person (or browser) a few questions and many votes a
minute, and each network address a larger share, as a whole room may share one connection."""

from django.http import HttpRequest

from common.client_address import client_address
from registrations.ratelimit import counted

PER_VOTER = {"ask": 5, "vote": 60, "answer_poll": 20}  # a minute
PER_ADDRESS = 600  # a minute, all actions: a venue's Wi-Fi behind one address


def allow(request: HttpRequest, voter, action: str) -> bool:
    """Count one action; False once this voter or this address is over its limit."""
    limit = PER_VOTER.get(action, 20)
    return counted(f"live:{action}:{voter.key}", limit, 60) and counted(
        f"live:address:{client_address(request)}", PER_ADDRESS, 60
    )
