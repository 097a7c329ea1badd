"""The catalog's problems as `!` lists them: exactly what `mlseg-tui validate` reports for
the folder on disk, also after files were re-read.

A re-read knows only the problems of the files it read, and a problem in one file may
end in another (a name two files used, one of them fixed). So after every re-read (and a
save, while the list is not empty) the whole folder is validated again on a thread, as
`validate` does (the load cache makes that a stat per unchanged file), and its problems
replace the list. The notice that counts them is replaced too, or withdrawn once none
are left.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from mlseg_tui.domain.model import Catalog, Problem
from mlseg_tui.domain.text import plural
from mlseg_tui.store.reload import FILE_GONE
from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.controllers.notices import file_label, refuse_while_busy
from mlseg_tui.ui.messages import ProblemsChecked

NOTICE_KEY = "catalog-problems"
WORKER_GROUP = "problems"


class ProblemList:
    """Announces the problems (`announce`), validates again (`recheck`) and takes the
    answer (`found`)."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self._generation = 0

    def announce(self) -> None:
        """Say how many problems the catalog has (none: any earlier count is withdrawn)."""
        host = self.host
        host.withdraw_notice(NOTICE_KEY)
        problems = host.result.problems
        if not problems:
            return
        errors = len(host.result.errors)
        host.notify(
            f"The catalog has {plural(len(problems), 'problem')} "
            f"({plural(errors, 'error')}); press ! to list them.",
            title="Catalog problems",
            severity="error" if errors else "warning",
            timeout=10,
            markup=False,
            key=NOTICE_KEY,
        )

    def open(self) -> None:
        """The `!` screen, listing them (not while a preview shows: they are not all known)."""
        from mlseg_tui.ui.screens.problems_screen import ProblemsScreen

        if self.host.busy() == "loading":
            refuse_while_busy(self.host)
        else:
            self.host.push_screen(ProblemsScreen(self.host.result.problems))

    def announce_gone(self, problems: Sequence[Problem]) -> None:
        """Of re-read files' `problems`, say once that a file was deleted (the list itself
        comes from `recheck`, which every re-read runs)."""
        root = self.host.catalog.root
        gone = dict.fromkeys(p.path for p in problems if p.message == FILE_GONE)
        for path in gone:
            self.host.notify(
                f"{file_label(root, path)} was deleted on disk: its tools left the browser.",
                title="Removed",
                markup=False,
            )

    def recheck(self) -> None:
        """Validate the folder again on a thread; `found` takes the answer."""
        self._generation += 1
        catalog = self.host.catalog
        generation = self._generation
        self.host.run_worker(
            lambda: self._validate(catalog, generation),
            thread=True,
            group=WORKER_GROUP,
            exit_on_error=False,
            description="validating the catalog",
        )

    def _validate(self, catalog: Catalog, generation: int) -> None:
        from mlseg_tui.catalog.load import CatalogNotFound, load_catalog

        try:
            problems = load_catalog(catalog.root).problems
        except (CatalogNotFound, OSError):
            return  # the folder went: the list stays as it was, the disk watch says why
        with contextlib.suppress(RuntimeError):  # the event loop closed meanwhile
            self.host.post_message(ProblemsChecked(catalog, generation, problems))

    def found(self, checked: ProblemsChecked) -> None:
        host = self.host
        if checked.catalog is not host.catalog or checked.generation != self._generation:
            return  # a newer check is on its way, or the catalog was replaced
        before = _keys(host.result.problems)
        host.result.problems[:] = checked.problems
        if _keys(checked.problems) == before:
            return
        if checked.problems:
            self.announce()
        else:
            host.withdraw_notice(NOTICE_KEY)
            host.notify("The catalog has no problems left.", title="Catalog problems")


def _keys(problems: Sequence[Problem]) -> list[tuple[Path, int, int, str, str]]:
    return [(p.path, p.line, p.column, p.message, p.severity) for p in problems]
