"""Draws the /stats picture in a worker process of its own.

Drawing takes a CPU core for a tenth of a second or more and leaves tens of thousands of
matplotlib objects for the garbage collector; in a thread it would hold the interpreter lock
for that long (a full collection of a picture's garbage kept the event loop waiting up to
0.4 s). In another process, the loop only sends the chart's data and receives the PNG.
The words are rendered here, in the language the caller speaks, and sent along with the data.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.process import BaseProcess

from bot.domain.model import ChartData
from bot.pictures.labels import ChartLabels


def _start_worker() -> None:
    """Ctrl+C reaches the whole process group: the bot stops its worker itself. And should
    the bot be killed outright, the worker ends with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: BaseProcess) -> None:
    parent.join()
    os._exit(0)


def _draw(data: ChartData, labels: ChartLabels) -> bytes:
    from bot.pictures import charts  # matplotlib is loaded in the worker only

    png, _ = charts.render(data, labels)
    return png


class Painter:
    """One worker process, started on the first picture and restarted if it dies."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                # A fresh interpreter: forking a process with running threads is unsafe.
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
            )
        return self._pool

    async def draw(self, data: ChartData) -> bytes:
        # Imported here: the worker imports this module too, and needs no words or catalogs.
        from bot.texts.stats import chart_labels

        loop = asyncio.get_running_loop()
        labels = chart_labels(data)
        try:
            return await loop.run_in_executor(self._executor(), _draw, data, labels)
        except BrokenProcessPool:  # the worker was killed: start another, once
            self.stop()
            return await loop.run_in_executor(self._executor(), _draw, data, labels)

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
