"""Helper process for test_two_writers.py: one of two writers saving moves to one file.

Run as `python two_writers_child.py CATALOG TOOL_NAME ROUNDS START_FILE`. It waits until
START_FILE exists (so both writers start together), then ROUNDS times moves its own tool
to the next segment and saves. A conflict (the other writer saved the file meanwhile) is
answered as a careful user would: reload the file, move again, save again. It prints
the number of moves it saved; every one of them must be in the file at the end.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import SEGMENT_IDS
from mlseg_tui.store.catalog_store import CatalogStore


def main() -> None:
    root, name, rounds, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    store = CatalogStore(load_catalog(root, use_cache=False))
    catalog = store.catalog
    session = EditSession(catalog)
    while not os.path.exists(start):
        time.sleep(0.001)
    saved = conflicts = 0
    for _ in range(rounds):
        while True:
            tool = catalog.find(name)
            assert tool is not None
            following = SEGMENT_IDS[(SEGMENT_IDS.index(tool.segment) + 1) % len(SEGMENT_IDS)]
            session.move(tool, following, f"round {saved}")
            report = store.save(session)
            if report.ok:
                saved += 1
                break
            assert report.conflicts == [tool.source.path], report.summary()
            conflicts += 1
            store.reload_file(session, tool.source.path)
    print(f"saved {saved} conflicts {conflicts}")


if __name__ == "__main__":
    main()
