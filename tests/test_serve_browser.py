"""`mlseg-tui serve` in a real browser: start it on a free local port, open the page, wait
for the panes, press `/`, type a query, and read the filtered pane on the page.

textual-serve draws the app into an xterm.js terminal on a canvas, so the text is not in
the DOM; the test reads the terminal's own screen buffer in the page (the one the canvas
shows), reaching the terminal object with a hook installed before the page's script runs.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import ROOT, browser, screenshot_path, unavailable
from tests.publish_support import BUNDLED

__all__ = ["browser"]  # the fixture, shared by import
# Bounded waits: the server's start, the app's first frame (a busy machine is slow).
START_SECONDS = 60
# Record every xterm.js Terminal the page creates: its constructor assigns `this._core`,
# which finds this setter on Object.prototype and hands the instance over.
TERMINAL_HOOK = """
window.__terminals = [];
Object.defineProperty(Object.prototype, "_core", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "_core", {value, writable: true, configurable: true});
    if (typeof this.loadAddon === "function") window.__terminals.push(this);
  },
});
"""
SCREEN = """() => {
  const terminal = window.__terminals[0];
  if (!terminal) return "";
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`mlseg-tui serve` on a copy of the bundled catalog; its URL."""
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        unavailable("textual-serve is not installed")
    catalog = Path(shutil.copytree(BUNDLED, tmp_path / "catalog"))
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MLSEG_CACHE_DIR": str(tmp_path / "cache")}
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mlseg_tui",
            "serve",
            "--catalog",
            str(catalog),
            "--port",
            str(port),
        ],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the app processes it starts go with it
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.close()
                    pytest.fail("serve did not start:\n" + (tmp_path / "serve.log").read_text())
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def _screen_with(page: Any, text: str) -> str:
    page.wait_for_function(f"() => ({SCREEN})().includes({text!r})", timeout=START_SECONDS * 1000)
    return page.evaluate(SCREEN)


def test_serve_shows_the_panes_and_filters_them_as_you_type(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.add_init_script(TERMINAL_HOOK)
    # textual-serve's page asks Google Fonts for a font: no network in a test.
    page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
    page.goto(server)
    screen = _screen_with(page, "Narrow · ")
    assert "Hand-holding · " in screen and "Middle of the road · " in screen
    assert "Apache Airflow" in screen
    page.locator(".xterm-helper-textarea").focus()
    page.keyboard.press("/")
    page.keyboard.type("sagmakr", delay=20)
    page.keyboard.press("Backspace")
    page.keyboard.type("er", delay=20)
    _screen_with(page, "Search: sagmaker")
    screen = _screen_with(page, "No tools match 'sagmaker'")
    assert "Hand-holding · 1/" in screen and "Amazon SageMaker" in screen
    assert "Apache Airflow" not in screen  # the Narrow pane is filtered
    page.screenshot(path=screenshot_path("serve-search-1280x800.png"))
    context.close()
