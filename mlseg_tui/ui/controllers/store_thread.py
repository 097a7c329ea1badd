"""The store's file work (saves, re-reads, disk checks) runs on a thread, so the browser
keeps drawing and answering keys while a slow disk reads or writes; what the work
returns is applied back on the event loop by the workflow that awaited it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from mlseg_tui.ui.controllers.host import Host

Result = TypeVar("Result")

# Each wait for the thread lasts at most this long; then the user hears that the disk is
# slow, and the wait goes on: a write is never abandoned halfway, and its result must
# still be applied (the store's own writes are atomic, so nothing is ever half written).
SLOW_DISK_SECONDS = 5.0


async def in_thread(host: Host, call: Callable[[], Result], doing: str) -> Result:
    """`call()` run on a thread; its result (or its exception) returned on the event loop.

    `doing` completes "Still …" in the notice about a slow disk ("saving", "reloading").
    """
    future = asyncio.ensure_future(asyncio.to_thread(call))
    while True:
        done, _ = await asyncio.wait({future}, timeout=SLOW_DISK_SECONDS)
        if done:
            return future.result()
        host.notify(f"Still {doing}: the disk is slow.", timeout=SLOW_DISK_SECONDS)
