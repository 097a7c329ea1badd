"""The one policy for Python's cyclic garbage collector: every layer goes through here.

A catalog load and a big search result allocate millions of objects that form no cycles;
young collections would run dozens of times for nothing, and the survivors would count
towards a full collection that walks the whole catalog. So such bursts run `paused()`,
and a long-lived app puts what it holds after start-up out of reach with
`freeze_survivors()`, as a long-running server does.

The collector is process-wide and loads and searches run on worker threads, so the pause
is counted under a lock: it is switched back on when the last pause ends, whichever
thread ends it, and only if it was on when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False
_froze_survivors = False


@contextmanager
def paused(promote: bool = True) -> Iterator[None]:
    """Keep the collector out of a burst of allocation.

    With `promote`, once the last pause ends, every object alive is moved to the oldest
    generation unscanned (`gc.freeze()` then `gc.unfreeze()`, both cheap), so the first
    allocation afterwards does not set off a scan of everything just made. Not done while
    objects are frozen (by `freeze_survivors` or by the process itself): unfreezing would
    release them.
    """
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if promote and not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            if _pauses == 0 and _was_enabled:
                gc.enable()


def freeze_survivors() -> bool:
    """Move every object alive now to the permanent generation; False (nothing done) when
    the process froze objects of its own, which a later `release_survivors` would free.

    Frozen objects are still freed when their last reference goes; only cycles among them
    outlive a reload.
    """
    global _froze_survivors
    with _lock:
        if not _froze_survivors and gc.get_freeze_count():
            return False
        gc.freeze()
        _froze_survivors = True
        return True


def release_survivors() -> None:
    """Undo `freeze_survivors` (an app leaving the process as it found it)."""
    global _froze_survivors
    with _lock:
        if _froze_survivors:
            gc.unfreeze()
            _froze_survivors = False
