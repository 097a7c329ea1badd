"""Notice catalog files changed on disk while the browser is open, and reload them on `R`.

Another app, `mlseg-tui move`, an editor or a `git pull` may rewrite tool files under the
browser. Every few seconds (and whenever the terminal regains focus) a thread compares
the files with what the browser loaded or last saved (`CatalogStore.changed_on_disk`: a
stat per file; a file is read only when its stat changed since the load or the last
check) and announces each newly changed file once. `R` re-reads them, on a thread too; a
file holding unsaved changes is reloaded only if the user says so. Tool files added to the
catalog's folders are announced too, and `R` loads them; a changed segments.toml is
announced, and applies once the browser is reopened. A notice about files is withdrawn as
soon as none of its files is still changed (reloaded, saved over, changed back).
"""

from __future__ import annotations

import contextlib
import os
from functools import partial
from pathlib import Path

from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.controllers.notices import file_label
from mlseg_tui.ui.controllers.rereads import Rereads
from mlseg_tui.ui.controllers.store_thread import in_thread
from mlseg_tui.ui.messages import DiskChecked

# Seconds between checks; more for big catalogs, where a check stats every file.
CHECK_SECONDS = 3.0
FILES_PER_SECOND = 2000.0
SHOWN_NAMES = 3  # file names listed in one notification
WORKER_DESCRIPTION = "disk check"


class DiskWatch:
    """The browser's watch on its catalog files (the app calls `start`, `check`, `found`
    and `reload_soon`)."""

    def __init__(self, host: Host, rereads: Rereads) -> None:
        self.host = host
        self.rereads = rereads
        # Changed files last found, all announced: each is announced once until reloaded,
        # saved over or changed back.
        self.changed: list[Path] = []
        # Tool files found in the folders but not in the catalog, announced, not yet loaded.
        self.added: list[Path] = []
        self.segments_announced = False
        self.reloading = False
        self._notices: dict[str, frozenset[Path]] = {}  # notice key -> the files it names
        self._notice_count = 0

    def start(self) -> None:
        files = self.host.store.file_count()
        interval = max(CHECK_SECONDS, files / FILES_PER_SECOND)
        # The first check comes soon whatever the size: a long load may have missed edits,
        # and it costs a stat a file (the load proved the bytes of every settled file).
        self.host.set_timer(CHECK_SECONDS, self.check, name="disk-watch-first")
        self.host.set_interval(interval, self.check, name="disk-watch")

    def check(self) -> None:
        """Look for changed files on a thread, unless a look, a save or a reload is running."""
        host = self.host
        busy = {"disk-watch", "save"}  # a save's own writes are not outside changes
        if self.reloading or any(w.group in busy and w.is_running for w in host.workers):
            return
        snapshot = host.store.snapshot()
        host.run_worker(
            partial(self._look, snapshot),
            thread=True,
            group="disk-watch",
            exit_on_error=False,
            # Without a description Textual takes repr(work): the repr of every path in the
            # snapshot, which also makes each Path keep its string: memory for nothing.
            description=WORKER_DESCRIPTION,
        )

    def _look(self, snapshot: dict[Path, str]) -> None:
        store = self.host.store
        catalog = store.catalog
        # The stamps are shared, so what this check proves unchanged is not read again by
        # the next.
        changed = store.changed_on_disk(snapshot)
        added, folders = store.added_files()
        segments = store.segments_changed()
        deleted = frozenset(path for path in changed if not os.path.lexists(path))
        # post_message never waits: call_from_thread would block this thread, and with it
        # the app's shutdown (which joins its threads), once the app stopped answering.
        # A closed app drops the message; a closed event loop raises RuntimeError.
        with contextlib.suppress(RuntimeError):
            self.host.post_message(
                DiskChecked(catalog, snapshot, changed, added, folders, segments, deleted)
            )

    def found(self, checked: DiskChecked) -> None:
        """Announce what the check found that was not announced before."""
        if checked.catalog is not self.host.catalog:
            return  # the catalog was replaced since the look: its findings are stale
        current = self.host.store.snapshot()
        # A save or reload since the snapshot answers for its files: skip them.
        snapshot = checked.snapshot
        changed = [p for p in checked.changed if p in current and current[p] == snapshot[p]]
        fresh = [path for path in changed if path not in self.changed]
        self.changed = changed
        gone = [path for path in fresh if path in checked.deleted]
        fresh = [path for path in fresh if path not in checked.deleted]
        if len(fresh) == 1:
            self._warn(f"{self._listed(fresh)} changed on disk. Press R to reload.", fresh)
        elif fresh:
            listed = self._listed(fresh)
            self._warn(
                f"{len(fresh)} catalog files changed on disk: {listed}. Press R to reload.", fresh
            )
        if gone:
            what = f"{self._listed(gone)} was" if len(gone) == 1 else f"{self._listed(gone)} were"
            self._warn(
                f"{what} deleted on disk. Press R to drop {'its' if len(gone) == 1 else 'their'} "
                "tools, or save to be asked about writing it again.",
                gone,
                "Deleted on disk",
            )

        self.host.store.remember_folders(checked.folders)
        new = [p for p in checked.added if p not in current and p not in self.added]
        self.added = [path for path in self.added if path not in current] + new
        if new:
            what = "A new tool file" if len(new) == 1 else f"{len(new)} new tool files"
            self._warn(
                f"{what} on disk: {self._listed(new)}. Press R to load.", new, "Added on disk"
            )
        if checked.segments and not self.segments_announced:
            self.segments_announced = True
            self.host.notify(
                "segments.toml changed on disk. Quit and reopen mlseg-tui to use it.",
                title="Changed on disk",
                severity="warning",
                timeout=20,
                markup=False,
            )
        self._withdraw_settled()

    def _listed(self, paths: list[Path]) -> str:
        labels = [self._label(path) for path in paths[:SHOWN_NAMES]]
        return ", ".join(labels) + ("…" if len(paths) > SHOWN_NAMES else "")

    def _label(self, path: Path) -> str:
        return file_label(self.host.catalog.root, path)

    def _warn(self, text: str, paths: list[Path], title: str = "Changed on disk") -> None:
        self._notice_count += 1
        key = f"disk-watch-{self._notice_count}"
        self._notices[key] = frozenset(paths)
        self.host.notify(text, title=title, severity="warning", timeout=20, markup=False, key=key)

    def settled(self, paths: list[Path]) -> None:
        """`paths` hold what the browser knows again (reloaded, saved over, written again
        or dropped): they are no longer announced as changed."""
        self.changed = [path for path in self.changed if path not in paths]
        self.added = [path for path in self.added if path not in paths]
        self._withdraw_settled()

    def _withdraw_settled(self) -> None:
        """Withdraw each notice none of whose files is still changed or still to load."""
        pending = set(self.changed).union(self.added)
        for key, paths in list(self._notices.items()):
            if not paths & pending:
                del self._notices[key]
                self.host.withdraw_notice(key)

    def reload_soon(self) -> None:
        """Start `reload` on a worker (it may ask questions), unless one is running."""
        if not self.reloading:
            self.reloading = True
            self.host.run_worker(self.reload(), group="disk-reload", exit_on_error=False)

    async def reload(self) -> None:
        """Re-read every changed file; ask first where that would drop unsaved changes."""
        self.reloading = True
        try:
            await self._reload()
        finally:
            self.reloading = False

    async def _reload(self) -> None:
        from mlseg_tui.ui.screens.changed_screen import ChangedOnDiskScreen  # not at start-up

        host = self.host
        store, session = host.store, host.session
        changed, found, folders, deleted = await in_thread(
            host, partial(_look_again, store, self.added), "checking the files"
        )
        store.remember_folders(folders)
        known = store.snapshot()
        added = [path for path in found if path not in known]
        if not changed and not added:
            self.settled([*self.changed, *self.added])
            host.notify("No catalog file changed on disk.", timeout=3)
            return
        selection = host.view.selection()
        reloading: list[Path] = []
        for path in changed:
            changes = session.pending_in(path)
            if changes:
                screen = ChangedOnDiskScreen(self._label(path), changes, path in deleted)
                if await host.push_screen_wait(screen) != "reload":
                    continue
            reloading.append(path)
        self.changed = [path for path in changed if path not in reloading]
        self.added = []
        self._withdraw_settled()
        if not reloading and not added:
            return
        self.rereads.hold()
        try:
            # Changed files first: a tool renamed into a new file must leave its old one first.
            paths = reloading + added
            reread = partial(store.reload_files, session, paths)
            problems = await in_thread(host, reread, "reloading")
        finally:
            self.rereads.done(selection)
        host.show_unsaved()
        host.refresh_bindings()
        done = []
        kept = [path for path in reloading if path not in deleted]  # the gone are said apart
        if kept:
            count = len(kept)
            what = self._label(kept[0]) if count == 1 else f"{count} files"
            done.append(f"Reloaded {what} from disk")
        if added:
            count = len(added)
            what = self._label(added[0]) if count == 1 else f"{count} new files"
            done.append(f"{'loaded' if kept else 'Loaded'} {what}")
        if done:
            host.notify(" and ".join(done) + ".", title="Reloaded", markup=False)
        self.rereads.problems.announce_gone(problems)


def _look_again(
    store: CatalogStore, announced: list[Path]
) -> tuple[list[Path], list[Path], dict[Path, int], set[Path]]:
    """(On a thread.) The changed files, the tool files to add (those announced and those
    found now, still there), the folder stamps to remember, and the changed files that
    no longer exist."""
    changed = store.changed_on_disk()
    found, folders = store.added_files()
    added = [path for path in dict.fromkeys(announced + found) if path.is_file()]
    deleted = {path for path in changed if not os.path.lexists(path)}
    return changed, added, folders, deleted
