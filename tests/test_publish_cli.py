"""`mlseg-tui export` to stdout and to files: every publishing format, the file written
through the store's atomic writer (never half a file), replaced only with --force."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mlseg_tui.cli.commands import main
from mlseg_tui.domain.model import Catalog
from mlseg_tui.publish.landscape import logo_name
from tests.publish_support import BUNDLED, bundled, landscape_problems

HOSTILE_TOOL = """
[[tools]]
name = "<script>alert(1)</script>"
segment = "middle"
reasoning = "A <b>hostile</b> & \\"quoted\\" name, and a line\\nbreak."
homepage = "javascript:alert(3)"
"""


@pytest.fixture
def catalog_dir(tmp_path: Path) -> Path:
    """A copy of the bundled catalog with one tool whose name and reasoning are markup."""
    target = Path(shutil.copytree(BUNDLED, tmp_path / "catalog"))
    (target / "tools" / "hostile.toml").write_text(HOSTILE_TOOL, encoding="utf-8")
    return target


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["byor-csv", "byor-json", "backstage", "html"])
def test_each_format_goes_to_stdout(catalog_dir: Path, fmt: str) -> None:
    code, out, err = run("export", "--catalog", str(catalog_dir), "--format", fmt)
    assert code == 0, err
    assert "<script>alert(1)</script>" in out or "&lt;script&gt;" in out
    if fmt.startswith("byor"):
        assert "RINGS='[" in err and "QUADRANTS='[" in err  # notes, never in the file
        assert "RINGS" not in out
    if fmt == "byor-csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == len(bundled().tools) + 1


def test_output_file_is_written_and_kept_without_force(catalog_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "radar.json"
    args = ("export", "--catalog", str(catalog_dir), "--format", "backstage", "-o", str(target))
    code, out, err = run(*args, "--date", "2026-01-15")
    assert code == 0 and out == "", err
    first = target.read_bytes()
    data = json.loads(first)
    assert len(data["entries"]) == len(bundled().tools) + 1
    assert "2026-01-15T00:00:00.000Z" in first.decode()
    code, _, err = run(*args, "--date", "2027-02-02")
    assert code == 1 and f"{target} exists; use --force to replace it" in err
    assert target.read_bytes() == first
    code, _, err = run(*args, "--date", "2027-02-02", "--force")
    assert code == 0, err
    assert "2027-02-02T00:00:00.000Z" in target.read_text()


def test_a_failed_write_leaves_no_file_and_no_temp(
    catalog_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "page.html"

    def no_room(*_: object) -> None:
        raise OSError(28, "No space left on device")

    for patched in ("replace", "fsync"):
        with monkeypatch.context() as patch:
            patch.setattr(os, patched, no_room)
            code, _, err = run(
                "export", "--catalog", str(catalog_dir), "--format", "html", "-o", str(target)
            )
        assert code == 1 and "No space left on device; nothing written" in err
        assert list(out_dir.iterdir()) == []


def test_an_existing_file_keeps_its_bytes_when_a_forced_write_fails(
    catalog_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "radar.csv"
    target.write_text("mine\n")

    def broken(*_: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", broken)
    code, _, err = run(
        "export",
        "--catalog",
        str(catalog_dir),
        "--format",
        "byor-csv",
        "-o",
        str(target),
        "--force",
    )
    assert code == 1 and "Input/output error" in err
    assert target.read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "radar.csv"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "byor-csv", "--force"), "--force goes with --output"),
        (("--format", "byor-csv", "--logos", "."), "--logos applies to landscape2, not byor-csv"),
        (("--format", "html", "--quadrants", "stage"), "--quadrants applies to byor-csv"),
        (("--format", "markdown", "--date", "2026-01-01"), "--date applies to backstage, html"),
        (("--format", "byor-csv", "--quadrants", "tags:a,b,c,d,e"), "one to four tag names"),
        (("--format", "byor-json", "--quadrants", "tags:training"), "exactly four quadrants"),
        (("--format", "backstage", "-o", "."), "is a directory"),
        (("--format", "backstage", "-o", "no/such/dir/x.json"), "no such folder"),
    ],
)
def test_bad_options_say_what_is_wrong(
    catalog_dir: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run("export", "--catalog", str(catalog_dir), *args)
    assert code != 0 and out == ""
    assert message in err


def test_a_fifo_is_never_written_to(catalog_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    args = ("export", "--catalog", str(catalog_dir), "--format", "html", "-o", str(fifo))
    code, _, err = run(*args, "--force")
    assert code == 1 and f"{fifo}: not a regular file; nothing written" in err


def _logos(folder: Path, catalog: Catalog) -> Path:
    folder.mkdir()
    for tool in catalog.tools:
        (folder / logo_name(tool)).write_text("<svg/>")
    return folder


def test_landscape2_names_the_tools_it_cannot_export_and_writes_nothing(
    catalog_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "data.yml"
    args = ("export", "--catalog", str(catalog_dir), "--format", "landscape2", "-o", str(target))
    code, _, err = run(*args)
    assert code == 1 and "without a logo" in err and "amazon-sagemaker.svg" in err
    assert not target.exists()
    logos = _logos(tmp_path / "logos", bundled())
    code, _, err = run(*args, "--logos", str(logos))
    assert (
        code == 1 and "without a logo: <script>alert(1)</script> (script-alert-1-script.svg)" in err
    )
    assert "without an http(s) homepage URL: <script>alert(1)</script>" in err
    (catalog_dir / "tools" / "hostile.toml").unlink()
    for tool in bundled().tools:
        if not tool.homepage:
            (catalog_dir / tool.source.path.relative_to(BUNDLED)).unlink()
    code, _, err = run(*args, "--logos", str(logos), "--other", "omit")
    assert code == 0, err
    data = yaml.safe_load(target.read_text())
    assert landscape_problems(data) == []
    assert "Other" not in [category["name"] for category in data["categories"]]
    assert "left off the radar" in err
