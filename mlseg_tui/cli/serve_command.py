"""`mlseg-tui serve`: the same browser, in a web browser, through textual-serve.

Each visitor gets their own copy of the app, running here with this user's rights on the
catalog: anyone who can reach the address can read, edit and save it. Hence 127.0.0.1 by
default, and a warning for any other address.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path

import click

from mlseg_tui.catalog.load import CatalogNotFound
from mlseg_tui.catalog.locate import resolve_catalog
from mlseg_tui.cli.loading import CATALOG_OPTION
from mlseg_tui.domain.text import one_line

# Into the very environment that runs mlseg-tui (a venv's, pipx's), whatever is on PATH.
WEB_EXTRA_HINT = (
    "serve needs textual-serve, which this Python lacks: "
    f"{shlex.quote(sys.executable)} -m pip install 'textual-serve>=1.1' "
    "(or install mlseg-tui with its web extra, '.[web]')"
)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(catalog: Path) -> str:
    """The shell command textual-serve runs for each visitor: this Python, this package,
    the catalog given explicitly (the path quoted for the shell)."""
    return shlex.join([sys.executable, "-m", "mlseg_tui", "--catalog", str(catalog)])


@click.command()
@CATALOG_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve(catalog_dir: Path | None, host: str, port: int) -> None:
    """Run the browser in a web browser at http://HOST:PORT (textual-serve). Anyone who
    can reach the address can edit and save the catalog: keep it on 127.0.0.1 or a
    trusted network."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise click.ClickException(WEB_EXTRA_HINT) from None
    try:
        catalog = resolve_catalog(catalog_dir)
    except CatalogNotFound as error:
        raise click.ClickException(one_line(str(error))) from None
    if not catalog.is_dir():
        raise click.ClickException(f"{one_line(str(catalog))}: no such catalog folder")
    if not (catalog / "segments.toml").is_file():
        raise click.ClickException(f"{one_line(str(catalog))}: no segments.toml; not a catalog")
    if not is_loopback(host):
        click.echo(
            f"warning: serving on {one_line(host)}: anyone who can reach it can read, edit "
            "and save the catalog (there is no login)",
            err=True,
        )
    server = Server(app_command(catalog.resolve()), host=host, port=port, title="mlseg-tui")
    try:
        server.serve()
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror}") from None
