# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one polling loop of the collection. Private to the esmkit.aws collection.

Every wait and every retry of ours is the same loop: look (or call), and until the answer is done, sleep the
next delay, up to a deadline. What differs is data: what to look at, what counts as done, the delays and the
deadline (a ``Schedule``). (Throttling and 5xx are retried by botocore, see ``connection``.)
"""

from __future__ import annotations

import dataclasses
from typing import Callable, TypeVar

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Schedule:
    """When to look again.

    ``delays``: the sleeps between two looks. With ``seconds``, the last delay repeats up to that deadline;
    without, each delay is used once and then the loop gives up. ``whole``: give up rather than cut the last
    sleep short at the deadline (a retry that would land past it is not made).
    """

    delays: tuple[float, ...]
    seconds: float | None = None
    whole: bool = False


def poll(
    look: Callable[[], tuple[bool, T]],
    schedule: Schedule,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    timed_out: Callable[[T], BaseException],
    deadline: float | None = None,
) -> T:
    """Call ``look`` until it answers ``(True, value)``; return that value.

    Between two looks, sleep as ``schedule`` says (a delay of 0 looks again at once); when the schedule runs
    out, raise ``timed_out(last value)``. ``deadline`` (a ``clock`` time) replaces ``schedule.seconds`` when the
    caller shares one deadline between several loops.
    """
    delays = schedule.delays
    if deadline is None and schedule.seconds is not None:
        deadline = clock() + schedule.seconds
    attempt = 0
    while True:
        done, value = look()
        if done:
            return value
        if deadline is None:
            if attempt >= len(delays):
                raise timed_out(value)
            delay = delays[attempt]
        else:
            delay = delays[min(attempt, len(delays) - 1)]
            remaining = deadline - clock()
            if remaining <= 0 or (schedule.whole and delay > remaining):
                raise timed_out(value)
            delay = min(delay, remaining)
        attempt += 1
        if delay > 0:
            sleep(delay)
