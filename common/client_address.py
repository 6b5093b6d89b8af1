"""The client's address, also behind the reverse proxies named in DJANGO_TRUSTED_PROXIES.

gunicorn does not set REMOTE_ADDR from X-Forwarded-For, so behind a proxy every request seems to
come from the proxy: one person's ten registrations would rate-limit everyone. The header is
read only when the connecting peer is a trusted proxy, from the right (each proxy appends the
address it received from), skipping further trusted proxies: the first untrusted address is the
client. A client that connects directly cannot choose its address by sending the header.

(django-ipware's trusted-proxy list matches the addresses written inside X-Forwarded-For, not
the peer that connected, so a direct client could name a trusted proxy there itself.)
"""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest


@cache
def trusted_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest | None) -> str | None:
    """Return the address of the client that sent this request (None when it has none)."""
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    if not address or not is_trusted_proxy(address):
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if not is_trusted_proxy(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return address  # a malformed header: count it against the proxy's address
    return address
