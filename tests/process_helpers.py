"""Child processes in tests: start commonsim, wait for a line, kill it, find what it left.

Linux only for the process tree (read from /proc), which is where the suite runs.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def reaped(child: subprocess.Popen) -> Iterator[subprocess.Popen]:
    """Yield `child`; whatever happens in the block, it is killed (SIGKILL) and waited for."""
    try:
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=60)


def read_until(stream, marker: str, timeout: float = 60.0) -> list[str]:
    """Lines read from `stream` up to and including the first containing `marker`.

    Raises AssertionError (with the lines seen) if the stream ends first.
    """
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return seen
    raise AssertionError(f"{marker!r} never appeared; output was:\n{''.join(seen)}")


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces: the parent pid follows its closing ')'.
    return int(stat.rsplit(")", 1)[1].split()[1])


def descendants(pid: int) -> set[int]:
    """Pids of every living process below `pid` (children, their children, ...)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            ppid = _parent_of(int(entry.name))
            if ppid is not None:
                parents[int(entry.name)] = ppid
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


def is_running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_gone(pids: set[int], timeout: float = 10.0) -> set[int]:
    """Wait until none of `pids` runs; return those still running at the timeout."""
    deadline = time.monotonic() + timeout
    left = {p for p in pids if is_running(p)}
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = {p for p in left if is_running(p)}
    return left


def kill_all(pids: set[int]) -> None:
    """SIGKILL every pid still there (clean-up after a failed check)."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
