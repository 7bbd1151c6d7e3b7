"""A daemon thread that repeats one job until asked to stop (webhook deliveries, site-layer refits, retention)."""

from __future__ import annotations

import threading


class BackgroundThread:
    """Start and stop one named daemon thread running `_run`, which loops until `_stop` is set."""

    #: The thread's name, as shown in thread dumps and profilers.
    thread_name = "background"
    #: How long `stop()` waits by default for the current job to finish.
    stop_timeout = 10.0

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread (idempotent)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Ask the thread to finish its current job and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self.stop_timeout if timeout is None else timeout)
            self._thread = None

    def _run(self) -> None:
        raise NotImplementedError
