"""The cache is retired when the code that shaped it changes: its list of that code must
name every catalog module a load runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mlseg_tui.catalog import cache

PACKAGE = Path(cache.__file__).resolve().parent.parent


def test_the_cache_stamp_names_every_catalog_module_a_load_runs() -> None:
    code = (
        "import sys, mlseg_tui.catalog.load\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('mlseg_tui.catalog.'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    used = {name.removeprefix("mlseg_tui.").replace(".", "/") + ".py" for name in loaded}
    assert "catalog/parse.py" in used
    assert used <= set(cache.CACHED_CODE)
    assert all((PACKAGE / module).is_file() for module in cache.CACHED_CODE)
