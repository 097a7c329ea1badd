"""Every broken catalog of the corpus gets a clear, located answer and stays untouched."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.cli.commands import main
from tests.corpus import CASES, Case, snapshot_bytes


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_validate_answers_with_file_and_line(case: Case, tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    case.build(root)
    before = snapshot_bytes(root)

    result = CliRunner().invoke(main, ["validate", "--catalog", str(root)])

    assert result.exit_code == case.exit_code, result.output
    assert "Traceback" not in result.output
    if case.where:
        located = [line for line in result.output.splitlines() if case.words in line]
        assert located, result.output
        assert located[0].startswith(f"{root}/{case.where}:") or (
            case.where.startswith(":") and located[0].startswith(f"{root}{case.where}:")
        ), located[0]
    else:
        assert " error: " not in result.output, result.output
    assert snapshot_bytes(root) == before


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_valid_tools_survive_beside_the_broken_ones(case: Case, tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    case.build(root)
    result = load_catalog(root)
    if not case.opens:
        assert result.catalog is None
        return
    assert result.catalog is not None
    names = {tool.name for tool in result.catalog.tools}
    if "no tools" not in case.name:
        assert "Good One" in names


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--catalog", str(tmp_path / "gone")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'gone'}: no such catalog folder" in result.output


def test_an_unreadable_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, so refuse the read by patching rather than with file modes.
    root = tmp_path / "catalog"
    CASES[0].build(root)
    real = os.open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).endswith("good-two.toml"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = CliRunner().invoke(main, ["validate", "--catalog", str(root)])
    assert result.exit_code == 1
    assert f"{root}/tools/good-two.toml:1:1: error: cannot read file: Permission denied" in (
        result.output
    )
