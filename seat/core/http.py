"""Who is on the other end of a request, behind the reverse proxies Seat is told to trust."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[_Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _parse(value: str) -> _Address | None:
    """An address from REMOTE_ADDR or one X-Forwarded-For entry ("[::1]:443", "1.2.3.4:80")."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # IPv4 with a port; bare IPv6 has several colons
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_address(request: Any) -> str:
    """The address of the client, as the outermost trusted proxy saw it.

    X-Forwarded-For is walked from the right: each proxy appends the address it received the
    request from, so an entry is believed only while the hop that wrote it (first the socket
    peer, REMOTE_ADDR) is one of ``SEAT_TRUSTED_PROXIES``. Anything a client writes into the
    header itself lies further left and is never reached unless every hop after it is trusted:
    an untrusted peer cannot choose the address it is counted under. Used by login throttling
    (django-axes, ``AXES_CLIENT_IP_CALLABLE``) and the terminology API's rate limit.
    """
    meta = getattr(request, "META", {})
    peer = _parse(meta.get("REMOTE_ADDR", ""))
    if peer is None:
        return meta.get("REMOTE_ADDR", "")
    trusted = _networks(tuple(settings.SEAT_TRUSTED_PROXIES))
    if not trusted:
        return str(peer)
    client = peer
    hops = [h for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not any(client in network for network in trusted):
            break
        previous = _parse(hop)
        if previous is None:  # garbage written by a client: the last good hop is all we know
            break
        client = previous
    return str(client)
