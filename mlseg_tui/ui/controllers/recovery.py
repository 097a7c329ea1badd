"""Keeping unsaved changes when the browser is told to stop (SIGTERM, SIGHUP), and
offering them back at the next start on the same catalog.

On a signal the app writes the session's unsaved changes to a recovery file
(`store.recovery`, a thread, a bounded wait) and exits through Textual's own shutdown, so
the terminal is restored (cooked mode, no mouse reporting) before the process ends with
128 + the signal's number, as a shell expects.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from functools import partial

from mlseg_tui.domain.intents import Intent
from mlseg_tui.domain.text import one_line, plural
from mlseg_tui.store import recovery as recovery_file
from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.controllers.rereads import Rereads

# Signals that end the browser, keeping unsaved changes (SIGINT is a key in raw mode).
ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
# The longest wait for the recovery file to be written before the app exits anyway.
WRITE_SECONDS = 3.0
BUSY_WAITS = 300  # tenths of a second to wait for a save or re-read before re-applying


class Recovery:
    """Signal handlers while the browser runs, and the offer of a recovery at start."""

    def __init__(self, host: Host, rereads: Rereads) -> None:
        self.host = host
        self.rereads = rereads
        self.ending = False
        self._installed: list[int] = []
        self._offered = False
        # Recovered changes that could not be made again (their tool missing, or its file
        # unreadable for now): they stay in the recovery file, also if a signal ends us.
        self._kept: list[Intent] = []

    # --- ending on a signal -------------------------------------------------------------

    def install(self) -> None:
        """Handle the ending signals on the event loop (main thread only; elsewhere, as in
        some test runners, the default action stays)."""
        loop = asyncio.get_running_loop()
        for number in ENDING_SIGNALS:
            with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
                loop.add_signal_handler(number, self.signalled, number)
                self._installed.append(number)

    def remove(self) -> None:
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
            for number in self._installed:
                loop.remove_signal_handler(number)
        self._installed.clear()

    def signalled(self, number: int) -> None:
        """A signal asked the browser to stop: keep the unsaved changes, then exit."""
        if self.ending:
            return
        self.ending = True
        self.host.run_worker(self._end(number), group="recovery", exit_on_error=False)

    async def _end(self, number: int) -> None:
        host = self.host
        name = signal.Signals(number).name
        changes = [*recovery_file.pending_changes(host.session), *self._kept]
        message = f"mlseg-tui: stopped by {name}."
        if changes:
            write = partial(recovery_file.write_recovery, host.catalog.root, changes)
            try:
                path = await asyncio.wait_for(asyncio.to_thread(write), WRITE_SECONDS)
            except (OSError, TimeoutError) as error:
                reason = getattr(error, "strerror", None) or "the state folder did not answer"
                some = plural(len(changes), "unsaved change")
                message += f" The {some} could not be kept: {reason}."
            else:
                message += (
                    f" {plural(len(changes), 'unsaved change')} kept in {path}; "
                    "the next start on this catalog offers them back."
                )
        host.exit(return_code=128 + number, message=one_line(message))

    # --- the offer at start -------------------------------------------------------------

    def offer(self) -> None:
        """Look for a recovery of this catalog (on a thread) and ask about it, once."""
        if self._offered:
            return
        self._offered = True
        self.host.run_worker(self._offer(), group="recovery", exit_on_error=False)

    async def _offer(self) -> None:
        from mlseg_tui.ui.screens.recovery_screen import RecoveryScreen

        host = self.host
        found = await asyncio.to_thread(recovery_file.read_recovery, host.catalog.root)
        if found is None:
            return
        names = list(dict.fromkeys(change.name for change in found.changes))
        screen = RecoveryScreen(found.ended, len(found.changes), names)
        choice = await host.push_screen_wait(screen)
        if choice == "discard":
            await asyncio.to_thread(recovery_file.discard_recovery, found)
            host.notify("Discarded the unsaved changes of the stopped session.", timeout=5)
        elif choice == "apply":
            for _ in range(BUSY_WAITS):  # a save or re-read started meanwhile: bounded
                if host.busy() is None:
                    break
                await asyncio.sleep(0.1)
            else:
                host.notify("Busy: the stopped session's changes are kept for the next start.")
                return
            skipped = set(self._apply(found))
            self._kept = [change for change in found.changes if change.name in skipped]
            await self._keep_or_discard(found)

    async def _keep_or_discard(self, found: recovery_file.Recovery) -> None:
        """Rewrite the recovery file with only the changes not made again (none: gone)."""
        if not self._kept:
            await asyncio.to_thread(recovery_file.discard_recovery, found)
            return
        write = partial(recovery_file.write_recovery, self.host.catalog.root, self._kept)
        try:
            await asyncio.to_thread(write)
        except OSError as error:
            self.host.notify(
                f"The changes not re-applied could not be kept in {found.path}: "
                f"{error.strerror or error}",
                severity="error",
                markup=False,
            )

    def _apply(self, found: recovery_file.Recovery) -> list[str]:
        host = self.host
        selection = host.view.selection()
        self.rereads.hold()
        try:
            moved, skipped = recovery_file.apply_recovery(found, host.catalog, host.session)
        finally:
            self.rereads.done(selection)
        host.show_unsaved()
        host.refresh_bindings()
        done = plural(len(set(moved)), "tool")
        host.notify(f"Re-applied the changes of {done}; ctrl+s saves them.", markup=False)
        if skipped:
            names = ", ".join(one_line(name) for name in skipped)
            host.notify(
                f"Not re-applied (no longer in the catalog, or its file does not read now): "
                f"{names}. Kept for the next start, which offers them again.",
                severity="warning",
                timeout=10,
                markup=False,
            )
        return skipped
