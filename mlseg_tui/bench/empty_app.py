"""The baseline: an empty Textual app (Header, Input, Footer), started like the real one.

    python -m mlseg_tui.bench.empty_app [CATALOG]

With CATALOG it first does what mlseg-tui does before its UI (import its entry point, load
the catalog), which splits the app's start-up into "ours before the UI" and "the UI itself".
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input

from mlseg_tui.bench.terminal import PLACEHOLDER


class EmptyApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=PLACEHOLDER, id="echo")
        yield Footer()


def main(argv: list[str]) -> None:
    if argv:
        import mlseg_tui.cli.launch  # noqa: F401  (the command's imports before the UI)
        from mlseg_tui.catalog.load import load_catalog

        load_catalog(Path(argv[0]))
    EmptyApp().run()


if __name__ == "__main__":
    main(sys.argv[1:])
