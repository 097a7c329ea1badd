"""The benchmark behind docs/performance.md: `python -m mlseg_tui.bench --help`.

Nothing here is imported by the app. The terminal measures drive the real app in tmux;
the rest time the core (load, search, save) in-process on deterministic synthetic catalogs.
"""
