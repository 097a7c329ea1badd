"""Saving (ctrl+s): write the pending changes, ask about each file changed on disk since it
was loaded (reload it, overwrite it, or keep the changes pending), and the quit guard.

The writes and re-reads run on a thread (`store_thread.in_thread`); the questions and
what the answers change are handled on the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from mlseg_tui.domain.text import one_line, plural
from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.controllers.notices import file_label, refuse_while_busy
from mlseg_tui.ui.controllers.rereads import Rereads
from mlseg_tui.ui.controllers.store_thread import in_thread

if TYPE_CHECKING:
    from mlseg_tui.store.report import SaveReport
    from mlseg_tui.ui.controllers.disk_watch import DiskWatch

WORKER_GROUP = "save"  # the disk watch does not look while a worker of this group runs
Result = TypeVar("Result")


class Saving:
    """The save workflow; `running` from ctrl+s until every question is answered."""

    def __init__(self, host: Host, rereads: Rereads, disk_watch: DiskWatch) -> None:
        self.host = host
        self.rereads = rereads
        self.disk_watch = disk_watch  # told of files settled, to withdraw their notices
        self.running = False
        self._quit_asked = False
        self._quitting = False  # this save was asked for by quit: its failures say we stay
        self._failure_said = False  # a failure of this save was announced

    def save(self, then_quit: bool = False) -> None:
        if self.running or refuse_while_busy(self.host):
            return
        self.running = True
        self.host.run_worker(self._save(then_quit), group=WORKER_GROUP)

    async def _save(self, then_quit: bool) -> None:
        selection = self.host.view.selection()
        self._quitting, self._failure_said = then_quit, False
        try:
            await self._save_and_resolve()
        finally:
            self.running = False
            if self.rereads.held:  # a file was re-read (or its re-read failed)
                self.rereads.done(selection)
        self.host.show_unsaved()
        self.host.refresh_bindings()
        if then_quit:
            if self.host.session.pending_count == 0:
                self.host.exit()
            elif not self._failure_said:  # a failure's notice says it (only two show)
                self.host.notify(
                    "Not quitting: some changes are still unsaved.", severity="warning"
                )

    async def _save_and_resolve(self) -> None:
        from mlseg_tui.ui.screens.conflict_screen import ConflictScreen  # not at start-up

        host = self.host
        store, session = host.store, host.session
        report = await in_thread(host, partial(store.save, session), "saving")
        self._notify_report(report)
        for path in report.conflicts:
            label = file_label(host.catalog.root, path)
            choice = await host.push_screen_wait(ConflictScreen(path, label))
            if choice == "reload":
                problems = await self._reread(partial(store.reload_file, session, path))
                host.notify(
                    f"Reloaded {label} from disk; its unsaved changes were dropped.", markup=False
                )
                self.rereads.problems.announce_gone(problems)
            elif choice == "overwrite":
                again = await self._reread(partial(store.save, session, overwrite=[path]))
                self._notify_report(again, conflicts=False)
                if path in again.pending:  # refused: the file still differs, still announced
                    continue
            if choice in ("reload", "overwrite"):
                self.disk_watch.settled([path])
        for path in report.deleted:
            await self._ask_deleted(path)

    async def _ask_deleted(self, path: Path) -> None:
        from mlseg_tui.ui.screens.deleted_screen import DeletedScreen

        host = self.host
        store, session = host.store, host.session
        label = file_label(host.catalog.root, path)
        choice = await host.push_screen_wait(DeletedScreen(label))
        if choice == "recreate":
            again = await in_thread(host, partial(store.recreate, session, path), "saving")
            self._notify_report(again, conflicts=False)
            for changed in again.conflicts:
                host.notify(
                    f"{file_label(host.catalog.root, changed)} is back on disk: "
                    "save again to compare it.",
                    severity="warning",
                    markup=False,
                )
        elif choice == "drop":
            await self._reread(partial(store.reload_file, session, path))
            host.notify(
                f"{label} was deleted: its tools left the browser with their moves.",
                markup=False,
            )
        if choice in ("recreate", "drop"):
            self.disk_watch.settled([path])

    async def _reread(self, call: Callable[[], Result]) -> Result:
        """Run a store call that re-reads a file (its tools change) on a thread."""
        self.rereads.hold()
        return await in_thread(self.host, call, "saving")

    def _notify_report(self, report: SaveReport, conflicts: bool = True) -> None:
        host = self.host
        staying = " Not quitting: the app stays open." if self._quitting else ""
        for path, reason in report.failures:
            self._failure_said = True
            host.notify(
                f"Could not save {file_label(host.catalog.root, path)}: {reason}. "
                f"Its changes stay pending; fix the problem and save again.{staying}",
                title="Save failed",
                severity="error",
                timeout=15,
                markup=False,
            )
        if report.written:
            root = host.catalog.root
            tools = plural(len(report.saved_tools), "tool")
            files = plural(len(report.written), "file")
            what = report.what_was_written(partial(file_label, root))
            pending = ", ".join(file_label(root, path) for path in report.pending)
            still = f" Still pending: {pending}." if pending else ""
            host.notify(
                f"{tools} saved to {files}. {what[:1].upper()}{what[1:]}.{still}",
                title="Saved",
                markup=False,
            )
        elif not report.failures and not report.conflicts and not report.deleted and conflicts:
            host.notify("Nothing to save.", timeout=3)
        if report.dropped:  # re-read out of the catalog, say for a name clash
            names = ", ".join(one_line(name) for name in report.dropped)
            files = ", ".join(file_label(host.catalog.root, path) for path in report.reloaded)
            host.notify(
                f"Re-reading {files} left out {names} (press ! to see why); "
                f"{'its' if len(report.dropped) == 1 else 'their'} edits can no longer be undone.",
                title="Left out on re-reading",
                severity="warning",
                timeout=15,
                markup=False,
            )
        self.rereads.problems.announce_gone(report.problems)
        if report.written and host.result.problems and not self.rereads.held:
            self.rereads.problems.recheck()  # a save may settle a clash with another file

    def quit_guarded(self) -> None:
        """Quit, asking first while changes are unsaved."""
        from mlseg_tui.ui.screens.quit_screen import QuitScreen

        host = self.host
        if host.busy() in ("saving", "reloading"):
            refuse_while_busy(host)  # a save or re-read finishes first
            return
        pending = host.session.pending_count
        if not pending:
            host.exit()
            return
        if self._quit_asked:
            return

        def answered(choice: str | None) -> None:
            self._quit_asked = False
            if choice == "save":
                self.save(then_quit=True)
            elif choice == "discard":
                host.exit()

        self._quit_asked = True
        host.push_screen(QuitScreen(pending), answered)
