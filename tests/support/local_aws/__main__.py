"""``python -m tests.support.local_aws --port 0``: serve until SIGTERM/SIGINT.

The first stdout line is the URL, ``http://127.0.0.1:<port>``, flushed.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from .server import LocalAWS


def server_from_args(argv: list[str] | None = None) -> LocalAWS:
    """The (not yet started) server the command line asks for."""
    parser = argparse.ArgumentParser(prog="python -m tests.support.local_aws", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free one (default)")
    parser.add_argument("--host", default="127.0.0.1", choices=["127.0.0.1", "::1"], help="loopback address")
    parser.add_argument("--transition-seconds", type=float, default=0.0, help="time ESMs spend in transitional states")
    parser.add_argument("--normalise-patterns", action="store_true", help="store filter patterns normalised")
    parser.add_argument(
        "--request-quota",
        type=float,
        default=None,
        help="Lambda control-plane requests per second (AWS: 15); excess ones get 429 (default: no quota)",
    )
    parser.add_argument(
        "--request-burst", type=float, default=None, help="token bucket size (default: one second of the quota)"
    )
    parser.add_argument("--latency-seconds", type=float, default=0.0, help="added to every AWS request's answer")
    args = parser.parse_args(argv)

    return LocalAWS(
        port=args.port,
        transition_seconds=args.transition_seconds,
        normalise_patterns=args.normalise_patterns,
        host=args.host,
        request_quota=args.request_quota,
        request_burst=args.request_burst,
        latency_seconds=args.latency_seconds,
    )


def main(argv: list[str] | None = None) -> int:
    server = server_from_args(argv)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.start()
    sys.stdout.write(server.url + "\n")
    sys.stdout.flush()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
