"""Loopback-only helpers shared by the local endpoint and the fault proxy: neither listens on, nor talks to,
anything but this machine's loopback addresses."""

from __future__ import annotations

import ipaddress
import threading
from typing import Any, Callable


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


def server_url(who: str, scheme: str, host: str, server: Any) -> str:
    """The URL of a started ``server`` (RuntimeError naming ``who`` if it is not started)."""
    if server is None:
        raise RuntimeError(f"{who} is not started")
    return url_for(scheme, host, server.server_address[1])


def serve_in_thread(server: Any, name: str) -> threading.Thread:
    """Start ``server.serve_forever`` in a daemon thread called ``name``; the thread."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True)
    thread.start()
    return thread


def stop_serving(server: Any, thread: threading.Thread | None, before_close: Callable[[], None] | None = None) -> None:
    """Stop a server started with :func:`serve_in_thread` (either may be None: not started); ``before_close`` runs
    between the end of the accepting loop and the closing of the socket."""
    if server is not None:
        server.shutdown()
        if before_close is not None:
            before_close()
        server.server_close()
    if thread is not None:
        thread.join(timeout=10)
