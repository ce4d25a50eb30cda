"""Loopback-only helpers shared by the local endpoint and the fault proxy: neither listens on, nor talks to,
anything but this machine's loopback addresses."""

from __future__ import annotations

import ipaddress


def loopback_host(host: str, who: str) -> str:
    """``host`` without brackets if it is a loopback address; ValueError naming ``who`` otherwise."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise ValueError(f"{who} works on loopback addresses only, not {host!r}") from None
    if not address.is_loopback:
        raise ValueError(f"{who} works on loopback addresses only, not {host!r}")
    return host.strip("[]")


def url_for(scheme: str, host: str, port: int) -> str:
    """``scheme://host:port``, with an IPv6 host in brackets."""
    return f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"
