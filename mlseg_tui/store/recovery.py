"""Unsaved changes kept across an ended session, as an editor keeps a swap file.

When the browser is told to stop (SIGTERM, SIGHUP) with changes unsaved, it writes them
to a recovery file in the platform's state folder, one file per catalog (keyed by the
catalog folder's resolved path). The next start on that catalog offers to make them
again (through the ordinary EditSession, so they are undoable and saved with ctrl+s) or
to discard them. The file records intentions (domain.intents: the fields an edit sets,
a tool to add, a removal, with the reason and date of a history entry), never file
bytes: the catalog's files are only ever written by a save. Files of format 1 (moves
only) are still read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlseg_tui.catalog.files import read_regular
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.intents import Intent, apply_intents, intents_of
from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.tool_values import CRITERIA, normal_answers

STATE_DIR_ENV = "MLSEG_STATE_DIR"  # moves the folder (tests, or a user who wants it elsewhere)
FORMAT = 2
READ_FORMATS = (1, 2)
# A recovery file is a few lines a move; anything much bigger is not one of ours.
MAX_RECOVERY_BYTES = 4 << 20


def RecoveredMove(tool: str, segment: str, reason: str, date: dt.date) -> Intent:
    """One move to make again (as format 1 recorded them): `tool` to `segment`."""
    return Intent("move", tool, (("segment", segment),), reason, date)


@dataclass(frozen=True)
class Recovery:
    """The unsaved changes a session left, and when it ended."""

    path: Path
    catalog: str  # the catalog folder's resolved path, as written
    ended: str  # ISO date and time
    changes: tuple[Intent, ...]


def state_dir() -> Path:
    override = os.environ.get(STATE_DIR_ENV, "").strip()
    if override:
        return Path(override)
    import platformdirs  # only when a recovery is written or looked for

    return platformdirs.user_state_path("mlseg-tui")


def recovery_path(root: Path) -> Path:
    resolved = os.fsencode(Path(root).resolve())
    name = hashlib.blake2b(resolved, digest_size=12).hexdigest()
    return state_dir() / f"recovery-{name}.json"


def pending_changes(session: EditSession) -> list[Intent]:
    """The session's unsaved changes, one a tool."""
    return intents_of(session)


def _record(intent: Intent, root: Path) -> dict[str, Any]:
    record: dict[str, Any] = {"kind": intent.kind, "tool": intent.name}
    if intent.values:
        record["values"] = {
            # Answers as {criterion: [values]}, read back by normal_answers.
            k: {c: list(x) for c, x in v}
            if k == CRITERIA
            else list(v)
            if isinstance(v, tuple)
            else v
            for k, v in intent.values
        }
    if intent.reason:
        record["reason"] = intent.reason
    if intent.date is not None:
        record["date"] = intent.date.isoformat()
    if intent.file is not None:
        try:
            record["file"] = intent.file.relative_to(root).as_posix()
        except ValueError:
            record["file"] = os.fsdecode(intent.file)
        record["new_file"] = intent.new_file
    return record


def _intent(record: dict[str, Any], root: Path, version: int) -> Intent:
    if version == 1:  # moves only
        date = dt.date.fromisoformat(str(record["date"]))
        return RecoveredMove(
            str(record["tool"]), str(record["segment"]), str(record["reason"]), date
        )
    kind = str(record["kind"])
    if kind not in ("add", "edit", "remove", "move"):
        raise ValueError(f"unknown change {kind!r}")
    values = tuple(
        (str(k), normal_answers(v) if k == CRITERIA else
         tuple(str(x) for x in v) if isinstance(v, list) else v)
        for k, v in dict(record.get("values", {})).items()
    )  # fmt: skip
    date = record.get("date")
    file = record.get("file")
    if file is not None:
        where = (root / str(file)).resolve()
        if not where.is_relative_to(root.resolve()):
            raise ValueError(f"a recovered tool's file {file!r} lies outside the catalog")
    return Intent(
        kind,  # type: ignore[arg-type]
        str(record["tool"]),
        values,
        str(record.get("reason", "")),
        dt.date.fromisoformat(str(date)) if date else None,
        root / str(file) if file else None,
        bool(record.get("new_file", False)),
    )


def write_recovery(root: Path, changes: Iterable[Intent]) -> Path | None:
    """Write the recovery file of catalog `root` (atomically; a fresh temporary name,
    never a planted link); its path, or None when there is nothing to keep."""
    records = [_record(change, Path(root)) for change in changes]
    if not records:
        return None
    path = recovery_path(root)
    document = {
        "format": FORMAT,
        "catalog": os.fsdecode(os.fsencode(Path(root).resolve())),
        "ended": dt.datetime.now().isoformat(timespec="seconds"),
        "changes": records,
    }
    data = json.dumps(document, ensure_ascii=True, indent=1).encode("ascii")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def read_recovery(root: Path) -> Recovery | None:
    """The recovery file of catalog `root`, or None when there is none (or it is not a
    recovery file of ours: never acted on)."""
    path = recovery_path(root)
    try:
        document = json.loads(read_regular(path, MAX_RECOVERY_BYTES))
        version = document["format"]
        if version not in READ_FORMATS:
            return None
        records = document["moves" if version == 1 else "changes"]
        changes = tuple(_intent(record, Path(root), version) for record in records)
        if not changes:
            return None
        return Recovery(path, str(document["catalog"]), str(document["ended"]), changes)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def discard_recovery(recovery: Recovery) -> None:
    with contextlib.suppress(OSError):
        os.unlink(recovery.path)


def apply_recovery(
    recovery: Recovery, catalog: Catalog, session: EditSession
) -> tuple[list[Tool], list[str]]:
    """Make the recovered changes again through `session`; the tools changed, and the
    names of tools the catalog no longer has (or already has, for an add), skipped."""
    return apply_intents(recovery.changes, catalog, session)
