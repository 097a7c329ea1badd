"""`mlseg-tui move NAME SEGMENT`: the same load, move and save path as the browser."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlseg_tui.cli.commands import main

SEGMENTS = "\n".join(
    f'[[segments]]\nid = "{sid}"\ntitle = "{sid.title()}"\ndefinition = "Why {sid}."\n'
    for sid in ("hand-holding", "narrow", "middle", "other")
)
AIRFLOW = """\
# Apache Airflow, as the essay listed it.
[[tools]]
name = "Apache Airflow"
segment = "narrow"   # light end
reasoning = "Schedules DAGs and stops there."
aliases = ["Airflow"]
"""
SAGEMAKER = """\
[[tools]]
name = "Amazon SageMaker"
segment = "hand-holding"
reasoning = "Does it all."
"""


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    (root / "tools").mkdir(parents=True)
    (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
    (root / "tools" / "airflow.toml").write_text(AIRFLOW, encoding="utf-8")
    (root / "tools" / "sagemaker.toml").write_text(SAGEMAKER, encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime, and no temp files left behind."""
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["move", *args, "--catalog", str(root)])
    return result.exit_code, result.output


def test_move_saves_exactly_the_change(root: Path) -> None:
    code, output = run(root, "Apache Airflow", "middle", "--reason", "Grew a platform.")

    assert code == 0, output
    assert output == "Moved Apache Airflow: narrow -> middle (1 tool saved to 1 file)\n"
    today = dt.date.today().isoformat()
    assert (root / "tools" / "airflow.toml").read_text(encoding="utf-8") == (
        "# Apache Airflow, as the essay listed it.\n"
        "[[tools]]\n"
        'name = "Apache Airflow"\n'
        'segment = "middle"   # light end\n'
        'reasoning = "Grew a platform."\n'
        'aliases = ["Airflow"]\n'
        "\n"
        "[[tools.history]]\n"
        f"date = {today}\n"
        'from = "narrow"\n'
        'to = "middle"\n'
        'reason = "Grew a platform."\n'
        'previous_reasoning = "Schedules DAGs and stops there."\n'
    )
    assert (root / "tools" / "sagemaker.toml").read_text(encoding="utf-8") == SAGEMAKER


@pytest.mark.parametrize("name", ["airflow", "AIRFLOW", "apache airflow"])
def test_move_finds_alias_or_name_ignoring_case(root: Path, name: str) -> None:
    code, output = run(root, name, "other")

    assert code == 0, output
    assert output.startswith("Moved Apache Airflow: narrow -> other")
    text = (root / "tools" / "airflow.toml").read_text(encoding="utf-8")
    assert 'segment = "other"   # light end' in text
    assert 'reasoning = "Schedules DAGs and stops there."' in text  # no reason: kept


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Nope", "middle"], "no tool named 'Nope'"),
        (["Airflow", "sideways"], "unknown segment 'sideways'"),
        (["Airflow", "mid"], "unknown segment 'mid'; choose an id or a title: "),
    ],
)
def test_unknown_tool_or_segment_fails_without_writing(
    root: Path, args: list[str], message: str
) -> None:
    before = snapshot(root)

    code, output = run(root, *args)

    assert code == 1
    assert message in output
    assert len(output.strip().splitlines()) == 1
    assert snapshot(root) == before


def test_already_in_segment_is_a_no_op(root: Path) -> None:
    before = snapshot(root)

    code, output = run(root, "airflow", "narrow", "--reason", "ignored")

    assert code == 0
    assert output == "Apache Airflow is already in narrow; nothing to do\n"
    assert snapshot(root) == before


def test_catalog_with_errors_is_refused(root: Path) -> None:
    (root / "tools" / "broken.toml").write_text("[[tools]\n", encoding="utf-8")
    before = snapshot(root)

    code, output = run(root, "airflow", "middle")

    assert code == 1
    assert "error" in output
    assert snapshot(root) == before


def test_write_failure_exits_1_naming_the_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(root)

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    code, output = run(root, "airflow", "middle")
    monkeypatch.undo()

    assert code == 1
    assert str(root / "tools" / "airflow.toml") in output
    assert "disk full" in output
    assert snapshot(root) == before
