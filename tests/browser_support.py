"""Browser-test helpers: Debian's chromium under Playwright, recording every request.

The browser is the system's ``/usr/bin/chromium`` (``make test`` installs it with apt-get);
Playwright's own browser download is never used. Each page records every request it makes
and every console error, so a test can assert that nothing left the machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Screenshots land here (gitignored), for a person to look at after a run.
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LOCAL_SCHEMES = {"file", "data", "blob", "about"}


@dataclass
class Watch:
    """What a page asked for and complained about."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def outside(self, host: str = "127.0.0.1") -> list[str]:
        """Requests that went anywhere but `host` (or a local scheme such as file:)."""
        out = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in LOCAL_SCHEMES:
                continue
            if parsed.hostname != host:
                out.append(url)
        return out


def need_chromium() -> None:
    """Skip when chromium is absent on a developer's machine; CI must have it (make test)."""
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip("needs Debian's chromium: run `make test` (it installs it)")


@contextmanager
def browser_page(user_dir: Path) -> Iterator[tuple[object, Watch]]:
    """A fresh headless chromium page with a new profile; yields (page, watch)."""
    from playwright.sync_api import sync_playwright

    need_chromium()
    watch = Watch()
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(user_dir), executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            page.on("request", lambda r: watch.requests.append(r.url))
            page.on("console", lambda m: watch.errors.append(f"console: {m.text}")
                    if m.type == "error" else None)
            page.on("pageerror", lambda e: watch.errors.append(f"page error: {e}"))
            yield page, watch
        finally:
            context.close()


def free_port() -> int:
    """A port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def dashboard_server(store: Path, cwd: Path, timeout: float = 120.0) -> Iterator[str]:
    """Run ``commonsim dashboard`` in `cwd` on a free port; yield its URL; stop it after."""
    port = free_port()
    command = [sys.executable, "-m", "commonsim.cli", "dashboard", "--port", str(port),
               "--store", str(store)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"dashboard exited: {proc.stdout.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"dashboard did not answer on {url} in {timeout:.0f} s")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def screenshot(page: object, name: str) -> Path:
    """Save a full-page screenshot as a test artefact; return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path
