"""The client's real address, believing ``X-Forwarded-For`` only from our own proxies.

Behind a load balancer every request's ``REMOTE_ADDR`` is the balancer, so
rate limits and the sign-in lock-out would put every visitor in one quota.
The balancer says who it was talking to in ``X-Forwarded-For``, but so can
anybody: a client connecting directly can send the header with any address
in it. So the header is read from the right, starting at the socket's peer
(``REMOTE_ADDR``), and each entry is believed only while the hop that wrote
it is in ``TRUSTED_PROXIES`` (addresses or networks). The first hop that is
not ours is the client. Entries to its left were written by the client
itself and are never read, so forging them changes nothing.

Every rate limit (``ehch.accounts.ratelimit``), the lock-out and axes' sign-in
records (``AXES_CLIENT_IP_CALLABLE``) and allauth's own limits (the account
adapter) ask :func:`client_address`; nothing else reads ``REMOTE_ADDR``
(``tests/ehch/test_client_address.py`` looks).

django-ipware was considered and not used: its list of trusted proxies is
matched against the last entries of the header in order, without first
checking that the socket's peer is one of them, so a client connecting
directly can write a trusted proxy's address into the header and be believed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses (``10.0.0.5``) or networks (``10.0.0.0/8``, ``fd00::/8``) parsed.

    Raises:
        ValueError: naming the first entry that is neither, in plain words.
    """
    networks = []
    for entry in entries:
        text = str(entry).strip()
        try:
            network = ipaddress.ip_network(text)
        except ValueError:
            try:
                loose = ipaddress.ip_network(text, strict=False)
            except ValueError:
                raise ValueError(
                    f"{text!r} is not an IP address or a network such as 10.0.0.0/8"
                ) from None
            raise ValueError(
                f"{text!r} has host bits set; the network is {loose}"
            ) from None
        networks.append(_unmapped_network(network))
    return tuple(networks)


def _unmapped_network(network: Network) -> Network:
    # ::ffff:10.0.0.0/104 is 10.0.0.0/8 written in IPv6; compare like with like.
    if isinstance(network, ipaddress.IPv6Network) and network.prefixlen >= 96:
        mapped = network.network_address.ipv4_mapped
        if mapped is not None:
            return ipaddress.ip_network(f"{mapped}/{network.prefixlen - 96}")
    return network


@lru_cache(maxsize=8)
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    # Keyed on the setting's value, so override_settings in tests takes effect.
    try:
        return parse_networks(entries)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from None


def trusted_proxies() -> tuple[Network, ...]:
    """The networks ``TRUSTED_PROXIES`` names (none: believe no forwarded header)."""
    return _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def parse_address(text: str | None) -> Address | None:
    """One address as a proxy or client wrote it, or None when it is not one.

    Accepts what proxies are seen to send: surrounding spaces, a port
    (``192.0.2.1:5123``, ``[2001:db8::1]:443``), an IPv6 zone, and IPv4
    written as IPv6 (``::ffff:192.0.2.1``, read as ``192.0.2.1`` so one client
    is one address whichever way it is written). Anything else is None.
    """
    text = (text or "").strip()
    if not text or len(text) > 64:  # the longest real form is well under 64
        return None
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4 with a port; IPv6 has at least two colons
        text = text.partition(":")[0]
    text = text.partition("%")[0]  # a zone (fe80::1%eth0) names our interface
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(
        address.version == network.version and address in network
        for network in networks
    )


def client_address(request: HttpRequest) -> str | None:
    """The address of whoever sent ``request``, or None when it cannot be known.

    Walks ``X-Forwarded-For`` from the right, starting at ``REMOTE_ADDR``: while
    the current hop is a trusted proxy, the entry it added is believed. The
    first untrusted hop is the answer. An entry that is not an address stops
    the walk at the proxy that passed it on, so garbage never becomes a key
    of its own and never causes an error. None only when ``REMOTE_ADDR`` itself
    is missing or not an address (a request made in code).
    """
    current = parse_address(request.META.get("REMOTE_ADDR"))
    if current is None:
        return None
    networks = trusted_proxies()
    if networks:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # Several X-Forwarded-For headers arrive joined by commas, in order.
        for entry in reversed(forwarded.split(",") if forwarded else ()):
            if not _is_trusted(current, networks):
                break
            hop = parse_address(entry)
            if hop is None:
                break
            current = hop
    return str(current)


@checks.register(checks.Tags.security)
def trusted_proxies_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """``manage.py check``: ``TRUSTED_PROXIES`` is a list of addresses or networks.

    The environment variable is checked when the settings load; this catches
    a settings file that sets the list itself (a bare string would otherwise
    be read one character at a time).
    """
    value = getattr(settings, "TRUSTED_PROXIES", ())
    if isinstance(value, str) or not isinstance(value, list | tuple):
        return [
            checks.Error(
                "TRUSTED_PROXIES must be a list of addresses or networks, "
                f"got {type(value).__name__} {value!r}.",
                id="ehch.E010",
            )
        ]
    try:
        networks = parse_networks(value)
    except ValueError as exc:
        return [checks.Error(f"TRUSTED_PROXIES: {exc}.", id="ehch.E010")]
    everyone = [str(n) for n in networks if n.prefixlen == 0]
    if everyone:
        return [
            checks.Warning(
                f"TRUSTED_PROXIES trusts every address ({', '.join(everyone)}): "
                "any client can choose the address its rate limits and sign-in "
                "lock-out are counted under by sending X-Forwarded-For.",
                hint="List only the load balancers' addresses or networks.",
                id="ehch.W010",
            )
        ]
    return []
