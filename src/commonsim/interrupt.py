"""Stopping a command with SIGINT or SIGTERM: a short message and a clean exit, no traceback.

Inside :func:`signals_interrupt`, both signals raise :class:`Interrupted` (a
``KeyboardInterrupt``), so the code that records runs can mark them failed or roll back on
the way out, exactly as for Ctrl-C. The command then exits with 128 + the signal number.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Interrupted(KeyboardInterrupt):
    """The process received SIGINT or SIGTERM."""

    def __init__(self, signum: int) -> None:
        """Name the signal received (`signum`, e.g. signal.SIGTERM)."""
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal number."""
        return 128 + self.signum


#: The signal received inside :func:`signals_interrupt`, until the block ends.
_received: list[int] = []


def _raise(signum: int, _frame: FrameType | None) -> None:
    _received.append(signum)
    raise Interrupted(signum)


def raise_if_received() -> None:
    """Raise :class:`Interrupted` again if a signal came and its exception was lost.

    A handler's exception surfaces wherever the main thread happens to be; library code
    that catches broad exceptions there (a compiler, a cache) could drop it. Long loops
    call this at each step, so the command still stops.
    """
    if _received:
        raise Interrupted(_received[0])


@contextmanager
def signals_interrupt() -> Iterator[None]:
    """Within the block SIGINT and SIGTERM raise :class:`Interrupted`; restored after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _raise) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _received.clear()


def interrupted_code(exc: BaseException) -> int:
    """Exit code for an interruption: 128 + signal, or 130 for a plain KeyboardInterrupt."""
    return exc.exit_code if isinstance(exc, Interrupted) else 128 + signal.SIGINT
