"""Time each publishing export on synthetic catalogs, and the exported page's search in
Chromium.

    PYTHONPATH=. python3 benchmarks/bench_publish.py [--sizes 1000,10000] [--runs 3]

For each size: the median time of `publish.export` per format (the catalog already in
memory), the output's size, and, when Chromium and Playwright are there, the page's
load time and the median time from a keystroke in its search box to the filtered page
(a 5-letter query typed one key at a time, the last key measured).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mlseg_tui.bench.synth import synth_tools
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.model import Catalog
from mlseg_tui.publish.export import ExportOptions, export
from mlseg_tui.publish.landscape import logo_name

ROOT = Path(__file__).resolve().parent.parent
# Resolves once the page has filtered (in an animation frame) and drawn the next frame.
FRAME_DRAWN = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
FORMATS = ("byor-csv", "byor-json", "backstage", "landscape2", "html")


def catalog_of(size: int) -> Catalog:
    segments = load_catalog(ROOT / "catalog").catalog
    assert segments is not None
    tools = synth_tools(size)
    for number, tool in enumerate(tools):
        tool.homepage = tool.homepage or f"https://example.com/{number}"
    return Catalog(ROOT / "catalog", segments.segments, tools)


def time_exports(catalog: Catalog, runs: int) -> dict[str, str]:
    logos = {logo_name(tool): logo_name(tool) for tool in catalog.tools}
    options = ExportOptions(as_of=dt.date(2026, 1, 1), logos=logos)
    pages = {}
    for fmt in FORMATS:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            text = export(catalog, fmt, options).text
            times.append(time.perf_counter() - started)
        size = len(text.encode("utf-8"))
        print(f"  {fmt:<11} {statistics.median(times) * 1000:8.1f} ms  {size / 1e6:7.2f} MB")
        pages[fmt] = text
    return pages


def time_search(page: str, runs: int) -> None:
    try:
        from playwright.sync_api import sync_playwright

        from tests.browser_support import CHROMIUM_ARGS, chromium_path
    except ImportError:
        print("  (no Playwright: page search not measured)")
        return
    path = chromium_path()
    if path is None:
        print("  (no Chromium: page search not measured)")
        return
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        target = Path(folder) / "page.html"
        target.write_text(page, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        started = time.perf_counter()
        tab.goto(target.as_uri())
        print(f"  page load   {(time.perf_counter() - started) * 1000:8.1f} ms")
        keystrokes = []
        for _ in range(runs):
            tab.fill("#q", "")
            tab.focus("#q")
            tab.keyboard.type("tool")
            tab.evaluate(FRAME_DRAWN)  # the earlier keys' filtering and drawing are done
            started = time.perf_counter()
            tab.keyboard.press("s")
            tab.evaluate(FRAME_DRAWN)
            keystrokes.append(time.perf_counter() - started)
        shown = tab.locator("#count").inner_text()
        print(f"  keystroke   {statistics.median(keystrokes) * 1000:8.1f} ms  ({shown})")
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for size in (int(text) for text in args.sizes.split(",")):
        print(f"{size} tools")
        pages = time_exports(catalog_of(size), args.runs)
        time_search(pages["html"], args.runs)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
