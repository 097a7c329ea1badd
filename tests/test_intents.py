"""A session's pending changes made again (issue 13 with issue 11's overwrite and recovery):
field edits, renames, adds and removals survive a stopped session (the recovery file)
and an overwrite of a file another writer changed, not just moves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import tomli

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.intents import Intent, apply_intents, intents_of
from mlseg_tui.domain.model import SourceRef, Tool
from mlseg_tui.domain.tool_values import state_of
from mlseg_tui.store import recovery as recovery_file
from mlseg_tui.store.catalog_store import CatalogStore
from tests.corpus import files, tool

DAY = dt.date(2026, 3, 14)


@pytest.fixture(autouse=True)
def _private_state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(recovery_file.STATE_DIR_ENV, str(tmp_path / "state"))
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")


def catalog(root: Path) -> Path:
    files(
        {
            "tools/a.toml": tool("Alpha", "narrow", 'aliases = ["A"]\n'),
            "tools/b.toml": tool("Beta", "middle"),
            "many.toml": tool("Gamma", "other") + "\n" + tool("Delta", "other"),
        },
        base=False,
    )(root)
    return root


def edit_everything(store: CatalogStore, session: EditSession) -> None:
    found = store.catalog.find
    session.edit(found("Alpha"), {"name": "Alpha Two", "homepage": "https://a.example"}, today=DAY)  # type: ignore[arg-type]
    session.move(found("Beta"), "other", "Grew.", today=DAY)  # type: ignore[arg-type]
    session.remove(found("Delta"))  # type: ignore[arg-type]
    new = Tool("Epsilon", "narrow", "New.", SourceRef(store.catalog.root / "many.toml", -1))
    new.tags = ("t",)
    session.add(new)


def test_recovery_keeps_edits_adds_and_removals_and_makes_them_again(tmp_path: Path) -> None:
    root = catalog(tmp_path / "c")
    store = CatalogStore(load_catalog(root))
    session = EditSession(store.catalog)
    edit_everything(store, session)
    wanted = sorted((t.name, state_of(t)) for t in store.catalog.tools)

    assert recovery_file.write_recovery(root, recovery_file.pending_changes(session))
    found = recovery_file.read_recovery(root)
    assert found is not None
    assert [(c.kind, c.name) for c in found.changes] == [
        ("edit", "Alpha"), ("edit", "Beta"), ("remove", "Delta"), ("add", "Epsilon"),
    ]  # fmt: skip

    again = CatalogStore(load_catalog(root))
    fresh = EditSession(again.catalog)
    changed, skipped = recovery_file.apply_recovery(found, again.catalog, fresh)

    assert skipped == [] and len(changed) == 4
    assert sorted((t.name, state_of(t)) for t in again.catalog.tools) == wanted
    assert fresh.pending_count == 4
    assert again.save(fresh).ok
    names = [t.name for t in load_catalog(root).catalog.tools]  # type: ignore[union-attr]
    assert sorted(names) == ["Alpha Two", "Beta", "Epsilon", "Gamma"]


def test_a_recovered_add_may_not_write_outside_the_catalog(tmp_path: Path) -> None:
    root = catalog(tmp_path / "c")
    outside = Intent("add", "X", (("name", "X"), ("segment", "narrow"), ("reasoning", "x")),
                     file=tmp_path / "elsewhere.toml")  # fmt: skip
    recovery_file.write_recovery(root, [outside])
    assert recovery_file.read_recovery(root) is None  # never acted on


def test_overwrite_makes_field_edits_and_removals_again_on_top_of_the_file(
    tmp_path: Path,
) -> None:
    root = catalog(tmp_path / "c")
    store = CatalogStore(load_catalog(root))
    session = EditSession(store.catalog)
    edit_everything(store, session)
    many = root / "many.toml"
    text = many.read_text(encoding="utf-8").replace(
        'name = "Gamma"', 'name = "Gamma"\nvendor = "G"'
    )
    many.write_text(text, encoding="utf-8")  # another writer

    report = store.save(session)
    assert report.conflicts == [many]
    report = store.save(session, overwrite=[many])

    assert report.ok, report.summary()
    tables = tomli.loads(many.read_text(encoding="utf-8"))["tools"]
    assert [(t["name"], t.get("vendor")) for t in tables] == [("Gamma", "G"), ("Epsilon", None)]
    assert session.pending_count == 0


def test_intents_name_tools_as_their_files_do(tmp_path: Path) -> None:
    root = catalog(tmp_path / "c")
    store = CatalogStore(load_catalog(root))
    session = EditSession(store.catalog)
    edit_everything(store, session)
    intents = intents_of(session, {root / "tools" / "a.toml"})
    assert [(i.kind, i.name, dict(i.values)["name"]) for i in intents] == [
        ("edit", "Alpha", "Alpha Two")
    ]
    # Made again where the tool is gone: skipped, named.
    other = EditSession(load_catalog(root).catalog)  # type: ignore[arg-type]
    other.catalog.tools.remove(other.catalog.find("Alpha"))  # type: ignore[arg-type]
    other.placement.refresh()
    assert apply_intents(intents, other.catalog, other) == ([], ["Alpha"])
