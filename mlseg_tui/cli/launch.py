"""The `mlseg-tui` command's entry point: the browser without importing click when it can.

`mlseg-tui` and `mlseg-tui --catalog DIR` only open the browser, and click (a noticeable
part of the start-up) is not needed for that. Anything else, and any catalog that cannot be
opened, goes to the click command in `cli`, which parses, reports and exits as usual.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from mlseg_tui.catalog.load import CatalogNotFound
from mlseg_tui.catalog.locate import CatalogSetupError
from mlseg_tui.cli.browser import open_browser


def main() -> None:
    """Run the command; an OSError at the edges (a catalog folder that cannot be created,
    output to a full disk) ends in one line on stderr and exit status 1, no traceback."""
    try:
        try:
            _main()
        finally:
            sys.stdout.flush()  # a full disk under redirected output shows here
    except OSError as error:
        _fail(error)


def _fail(error: OSError) -> None:
    from mlseg_tui.domain.text import one_line

    quiet = isinstance(error, BrokenPipeError)  # `mlseg-tui list | head`: the reader is done

    reason = error.strerror or str(error) or type(error).__name__
    if isinstance(error, CatalogSetupError):
        message = reason  # says where and why already
    elif error.filename is not None:
        message = f"{error.filename}: {reason}"
    elif error.errno is not None and error.errno != 0:
        message = f"cannot write the output: {reason}"
    else:
        message = reason
    with contextlib.suppress(OSError):
        # Whatever stdout still buffers cannot be written either; let the exit be quiet.
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    if not quiet:
        print(f"mlseg-tui: error: {one_line(message)}", file=sys.stderr)
    raise SystemExit(1)


def _main() -> None:
    catalog_dir = browser_only(sys.argv[1:])
    if catalog_dir is not None:
        try:
            if open_browser(catalog_dir or None) is None:
                return
        except CatalogNotFound:
            pass  # the click command says so
    from mlseg_tui.cli.commands import main as cli_main  # click, only when needed

    cli_main()


def browser_only(args: list[str]) -> str | None:
    """The --catalog value of a command line that only opens the browser ("" for none given),
    or None when the line needs click: subcommands, --help, --version, odd values."""
    if not args:
        return ""
    if len(args) == 2 and args[0] == "--catalog":
        value = args[1]
    elif len(args) == 1 and args[0].startswith("--catalog="):
        value = args[0].removeprefix("--catalog=")
    else:
        return None
    # click checks the value (not empty, not a file) and reports it: leave those to it.
    if not value or value.startswith("-") or Path(value).is_file():
        return None
    return value
