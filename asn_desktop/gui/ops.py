"""Run work off the GUI thread and get the result back on it (Anki's QueryOp/CollectionOp, in small).

Widgets are only ever touched on the GUI thread: the worker calls the function, the result or the
error comes back through a queued signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from .changes import ChangeHub

log = logging.getLogger(__name__)


class Progress:
    """Handed to the function: report progress, ask whether the user cancelled."""

    def __init__(self, signals: _Signals):
        self._signals = signals
        self._cancel = threading.Event()

    def update(self, done: int, total: int) -> None:
        self._signals.progress.emit(done, total)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], signals: _Signals, progress: Progress):
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._signals, self._progress = fn, signals, progress

    def run(self) -> None:
        try:
            result = self._fn(self._progress)
        except BaseException as err:  # delivered to the GUI thread, which decides what the user sees
            self._signals.failed.emit(err)
        else:
            self._signals.done.emit(result)
        finally:
            # imported here: the first task may be the one that loads the store (see app.open_in_background)
            from asn_desktop.services.database import release_thread_connection

            release_thread_connection()


class Background:
    """Starts tasks on a thread pool and counts the ones still running (screenshots wait for them)."""

    def __init__(self) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(2)
        self._running = 0
        self._keep: set[_Signals] = set()

    @property
    def busy(self) -> bool:
        return self._running > 0

    def run(
        self,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        *,
        parent: QWidget | None = None,
        label: str | None = None,
        cancellable: bool = False,
    ) -> Progress:
        """Call ``fn(progress)`` in a worker. With ``label``, a progress dialog shows (and may cancel)."""
        signals = _Signals()
        progress = Progress(signals)
        dialog: QProgressDialog | None = None
        if label is not None:
            dialog = QProgressDialog(label, "Batal" if cancellable else "", 0, 0, parent)
            dialog.setWindowTitle("Mohon tunggu")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(progress.cancel)

            def show_progress(done: int, total: int) -> None:
                dialog.setMaximum(total)
                dialog.setValue(done)

            signals.progress.connect(show_progress)

        def finish() -> None:
            self._running -= 1
            self._keep.discard(signals)
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()

        def done(result: Any) -> None:
            finish()
            on_done(result)

        def failed(err: BaseException) -> None:
            finish()
            on_error(err)

        signals.done.connect(done)
        signals.failed.connect(failed)
        self._keep.add(signals)
        self._running += 1
        self._pool.start(_Task(fn, signals, progress))
        return progress

    def wait_idle(self, timeout_ms: int = 30_000) -> None:
        """Process events until every task has delivered its result (for screenshots and shutdown)."""
        app = QCoreApplication.instance()
        waited = 0
        while self._running and waited < timeout_ms and app is not None:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            self._pool.waitForDone(5)
            waited += 25
        if self._running:
            log.warning("background tasks still running after %s ms", timeout_ms)


class PageData:
    """Keeps a page's data current: loads in the background when the page is shown, again when a change
    it cares about is announced while it is visible, and only the newest load's result is delivered.

    A page asked to reload while a load is still running (a change announced during start-up, say)
    would otherwise receive the older result last and show stale data.
    """

    def __init__(
        self,
        page: QWidget,
        hub: ChangeHub,
        background: Background,
        fn: Callable[[], Any],
        on_loaded: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        areas: frozenset[str] | None = None,  # None: any change
    ):
        self._page, self._hub, self._background, self._fn = page, hub, background, fn
        self._on_loaded, self._on_error, self._areas = on_loaded, on_error, areas
        self._stale = True
        self._ticket = 0
        self._pending = 0
        hub.changed.connect(self._changed)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def shown(self) -> None:
        """Call from the page's showEvent: load if the data is missing or out of date."""
        if self._stale and self._hub.ready and not self.busy:
            self.reload()

    def _changed(self, areas: frozenset[str]) -> None:
        if self._areas is None or areas & self._areas:
            self._stale = True
            if self._page.isVisible() and self._hub.ready:
                self.reload()

    def invalidate(self) -> None:
        """What is shown is out of date (another year, say): load now if visible, else when next shown."""
        self._stale = True
        if self._page.isVisible() and self._hub.ready:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self._ticket += 1
        ticket = self._ticket
        self._pending += 1

        def done(result: Any) -> None:
            self._pending -= 1
            if ticket == self._ticket:
                self._on_loaded(result)

        def failed(err: BaseException) -> None:
            self._pending -= 1
            if ticket == self._ticket:
                self._on_error(err)

        self._background.run(lambda _p: self._fn(), done, failed)
