"""Lambda's control-plane request quota and a WAN round trip, for the local endpoint.

docs/aws-behaviour.md §13: AWS Lambda allows 15 control-plane requests per second per account and Region, shared by every
Lambda API except invocation, GetFunction and GetPolicy; excess requests get HTTP 429
``TooManyRequestsException`` "Rate exceeded" (docs/aws-behaviour.md §10: the error carries ``retryAfterSeconds`` and a
``Reason``).  :class:`RequestQuota` is a token bucket over exactly those operations; requests to the other
services the endpoint serves for set-up (SQS, Kinesis, IAM, ...) never count.

The latency is a fixed delay added to every AWS request before it is answered, throttled or not.  The
server answers each request in its own thread, so concurrent requests overlap as they do over a WAN.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from .errors import ApiError

# docs/aws-behaviour.md §13: invocation, GetFunction and GetPolicy have quotas of their own.
NOT_COUNTED = frozenset({"Invoke", "InvokeAsync", "InvokeWithResponseStream", "GetFunction", "GetPolicy"})

# The settings and their values when not given: no quota, no added latency.
QUOTA_DEFAULTS: dict[str, Any] = {"request_quota": None, "request_burst": None, "latency_seconds": 0.0}


class Throttled(ApiError):
    """Lambda's answer to a request over the quota (docs/aws-behaviour.md §10, §13)."""

    def __init__(self) -> None:
        super().__init__(429, "TooManyRequestsException", "Rate exceeded")

    def body(self) -> dict[str, Any]:
        # docs/aws-behaviour.md §10: retryAfterSeconds and Reason are members of the modeled error.
        return dict(super().body(), retryAfterSeconds="1", Reason="CallerRateLimitExceeded")


def counts(service: str | None, operation: str | None) -> bool:
    """Whether a request for ``operation`` of ``service`` counts against the Lambda quota (docs/aws-behaviour.md §13)."""
    return service == "lambda" and operation not in NOT_COUNTED


def check_settings(settings: dict[str, Any]) -> None:
    """Raise TypeError for a bad value among the quota settings in ``settings``."""
    for name in ("request_quota", "request_burst"):
        value = settings.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
            raise TypeError(f"{name} must be a number > 0 or None (no quota), not {value!r}")
    latency = settings.get("latency_seconds", 0.0)
    if isinstance(latency, bool) or not isinstance(latency, (int, float)) or latency < 0:
        raise TypeError(f"latency_seconds must be a number >= 0, not {latency!r}")


class RequestQuota:
    """A token bucket of ``request_quota`` tokens per second holding at most ``request_burst`` tokens.

    ``request_quota=None`` turns the quota off.  ``request_burst`` defaults to one second's worth of
    requests: AWS does not publish the size of its bucket.
    """

    def __init__(
        self,
        request_quota: float | None = None,
        request_burst: float | None = None,
        latency_seconds: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        check_settings(
            {"request_quota": request_quota, "request_burst": request_burst, "latency_seconds": latency_seconds}
        )
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self.request_quota = request_quota
        self.request_burst = request_burst
        self.latency_seconds = float(latency_seconds)
        self._tokens = self.capacity
        self._stamp = clock()

    @property
    def capacity(self) -> float:
        if self.request_quota is None:
            return 0.0
        return float(self.request_burst if self.request_burst is not None else self.request_quota)

    def settings(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in QUOTA_DEFAULTS}

    def configure(self, **settings: Any) -> None:
        """Change some of the settings; the bucket starts full again."""
        unknown = set(settings) - set(QUOTA_DEFAULTS)
        if unknown:
            raise TypeError(f"unknown quota setting(s): {', '.join(sorted(unknown))}")
        check_settings(settings)
        with self._lock:
            for name, value in settings.items():
                setattr(self, name, float(value) if name == "latency_seconds" else value)
            self._tokens = self.capacity
            self._stamp = self._clock()

    def admit(self, service: str | None, operation: str | None) -> Throttled | None:
        """Take a token for a counted request: None if it may proceed, else the error to answer."""
        if self.request_quota is None or not counts(service, operation):
            return None
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.request_quota)
            self._stamp = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return None
        return Throttled()

    def round_trip(self) -> None:
        """Hold the answer to a request for the configured latency."""
        if self.latency_seconds > 0:
            self._sleep(self.latency_seconds)
