"""A signal inside a command's interruptible block stops it, even if its exception is lost."""

from __future__ import annotations

import os
import signal

import pytest

from commonsim.interrupt import Interrupted, raise_if_received, signals_interrupt


def test_a_signal_whose_exception_library_code_swallowed_still_stops_the_loop():
    with pytest.raises(Interrupted) as caught, signals_interrupt():
        try:  # library code that catches everything, where the handler's error surfaced
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(1_000_000):  # the handler runs at the next bytecode
                pass
        except BaseException:  # noqa: BLE001 - the loss being tested
            pass
        raise_if_received()  # the next step of the run's loop
    assert caught.value.exit_code == 128 + signal.SIGINT


def test_nothing_is_raised_once_the_block_is_left_or_without_a_signal():
    with pytest.raises(Interrupted), signals_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1_000_000):
            pass
    raise_if_received()  # the block ended: the signal was dealt with
    with signals_interrupt():
        raise_if_received()
