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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.local_aws", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free one (default)")
    parser.add_argument("--host", default="127.0.0.1", choices=["127.0.0.1", "::1"], help="loopback address")
    parser.add_argument("--transition-seconds", type=float, default=0.0, help="time ESMs spend in transitional states")
    parser.add_argument("--normalise-patterns", action="store_true", help="store filter patterns normalised")
    args = parser.parse_args(argv)

    server = LocalAWS(
        port=args.port,
        transition_seconds=args.transition_seconds,
        normalise_patterns=args.normalise_patterns,
        host=args.host,
    )
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
