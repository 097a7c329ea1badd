"""Unsaved moves kept across an ended session, as an editor keeps a swap file.

When the browser is told to stop (SIGTERM, SIGHUP) with moves unsaved, it writes them
to a recovery file in the platform's state folder, one file per catalog (keyed by the
catalog folder's resolved path). The next start on that catalog offers to make them
again (through the ordinary EditSession, so they are undoable and saved with ctrl+s) or
to discard them. The file records intentions (tool, segment, reason, date), never file
bytes: the catalog's files are only ever written by a save.
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

from mlseg_tui.catalog.files import read_regular
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, Tool

STATE_DIR_ENV = "MLSEG_STATE_DIR"  # moves the folder (tests, or a user who wants it elsewhere)
FORMAT = 1
# A recovery file is a few lines a move; anything much bigger is not one of ours.
MAX_RECOVERY_BYTES = 4 << 20


@dataclass(frozen=True)
class RecoveredMove:
    """One move to make again: `tool` (its name) to `segment`."""

    tool: str
    segment: str
    reason: str
    date: dt.date


@dataclass(frozen=True)
class Recovery:
    """The unsaved moves a session left, and when it ended."""

    path: Path
    catalog: str  # the catalog folder's resolved path, as written
    ended: str  # ISO date and time
    moves: tuple[RecoveredMove, ...]


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


def pending_moves(session: EditSession) -> list[RecoveredMove]:
    """The session's unsaved moves, oldest first per tool: each pending history entry,
    and a last move back where memory has a tool whose saved moves were undone."""
    moves: list[RecoveredMove] = []
    for tool in session.dirty_tools():
        entries = session.pending_entries(tool)
        moves += [RecoveredMove(tool.name, e.to_segment, e.reason, e.date) for e in entries]
        landed = entries[-1].to_segment if entries else None
        if landed != tool.segment:
            moves.append(RecoveredMove(tool.name, tool.segment, "", dt.date.today()))
    return moves


def write_recovery(root: Path, moves: Iterable[RecoveredMove]) -> Path | None:
    """Write the recovery file of catalog `root` (atomically; a fresh temporary name,
    never a planted link); its path, or None when there is nothing to keep."""
    records = [
        {"tool": m.tool, "segment": m.segment, "reason": m.reason, "date": m.date.isoformat()}
        for m in moves
    ]
    if not records:
        return None
    path = recovery_path(root)
    document = {
        "format": FORMAT,
        "catalog": os.fsdecode(os.fsencode(Path(root).resolve())),
        "ended": dt.datetime.now().isoformat(timespec="seconds"),
        "moves": records,
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
        moves = tuple(
            RecoveredMove(
                str(record["tool"]),
                str(record["segment"]),
                str(record["reason"]),
                dt.date.fromisoformat(str(record["date"])),
            )
            for record in document["moves"]
        )
        if document["format"] != FORMAT or not moves:
            return None
        return Recovery(path, str(document["catalog"]), str(document["ended"]), moves)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def discard_recovery(recovery: Recovery) -> None:
    with contextlib.suppress(OSError):
        os.unlink(recovery.path)


def apply_recovery(
    recovery: Recovery, catalog: Catalog, session: EditSession
) -> tuple[list[Tool], list[str]]:
    """Make the recovered moves again through `session`; the tools moved, and the names
    of tools (or segments) the catalog no longer has, whose moves were skipped."""
    moved: list[Tool] = []
    skipped: list[str] = []
    segments = set(catalog.segment_ids())
    for move in recovery.moves:
        tool = catalog.find(move.tool)
        if tool is None or move.segment not in segments:
            if move.tool not in skipped:
                skipped.append(move.tool)
            continue
        if session.move(tool, move.segment, move.reason, today=move.date) is not None:
            moved.append(tool)
    return moved, skipped
