"""Run work off the GUI thread and get the result back on it (Anki's QueryOp/CollectionOp, in small).

Widgets are only ever touched on the GUI thread: the worker calls the function, the result or the
error comes back through a queued signal.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from .changes import ChangeHub

log = logging.getLogger(__name__)


# Why the worker never holds the last reference to anything with a Qt connection: PySide disconnects a
# signal from a Python slot when the slot's owner is freed, on whatever thread frees it. Freed on a worker
# while the GUI thread closes a dialog, that deadlocks (both wait for the other's lock) or crashes at exit.
# So a worker is handed only plain objects (the function, a Progress of an Event and numbers), reports
# through one relay owned by the application, and drops the function before it reports the end; the GUI
# thread keeps every job until its end has been delivered and does all the disconnecting itself.


class _Relay(QObject):
    message = Signal(int, str, object)  # job id, "progress" | "done" | "failed", payload


_relay_for: tuple[object, _Relay] | None = None
_jobs: dict[int, _Job] = {}
_ids = itertools.count(1)


def _relay() -> _Relay:
    """The relay of the running application (parented to it, so Qt owns and deletes it)."""
    global _relay_for
    app = QCoreApplication.instance()
    if _relay_for is None or _relay_for[0] is not app:
        relay = _Relay(app)
        relay.message.connect(_deliver, Qt.ConnectionType.QueuedConnection)
        _relay_for = (app, relay)
    return _relay_for[1]


class Progress:
    """Handed to the function: report progress, ask whether the user cancelled."""

    def __init__(self, relay: _Relay, job_id: int):
        self._relay, self._id = relay, job_id
        self._cancel = threading.Event()

    def update(self, done: int, total: int) -> None:
        self._relay.message.emit(self._id, "progress", (done, total))

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Job:
    """What the GUI thread keeps of a running task until its end is delivered."""

    def __init__(self, owner: Background, fn: Callable[[Progress], Any], progress: Progress,
                 on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]):
        self.owner, self.fn, self.progress = owner, fn, progress
        self.on_done, self.on_error = on_done, on_error
        self.on_progress: Callable[[int, int], None] | None = None
        self.dialog: QProgressDialog | None = None


def _work(job_id: int, relay: _Relay, job: _Job) -> None:
    """Runs on a worker thread."""
    fn, progress = job.fn, job.progress
    try:
        result = fn(progress)
    except BaseException as err:  # delivered to the GUI thread, which decides what the user sees
        kind, payload = "failed", err
    else:
        kind, payload = "done", result
    finally:
        # imported here: the first task may be the one that loads the store (see app.open_in_background)
        from asn_desktop.services.database import release_thread_connection

        release_thread_connection()
    del fn
    relay.message.emit(job_id, kind, payload)


def _deliver(job_id: int, kind: str, payload: object) -> None:
    """On the GUI thread: progress or the end of a job."""
    job = _jobs.get(job_id)
    if job is None:
        return
    if kind == "progress":
        if job.on_progress is not None:
            job.on_progress(*payload)
        return
    del _jobs[job_id]
    owner, dialog, on_done, on_error = job.owner, job.dialog, job.on_done, job.on_error
    job.__dict__.clear()  # the worker may still hold the job: it must not be the one to free what is in it
    owner._running -= 1
    if dialog is not None:
        dialog.close()
        dialog.deleteLater()
    if kind == "done":
        on_done(payload)
    else:
        on_error(payload)


class Background:
    """Starts tasks on a thread pool and counts the ones still running (screenshots wait for them)."""

    def __init__(self) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(2)
        self._running = 0

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
        relay = _relay()
        job_id = next(_ids)
        progress = Progress(relay, job_id)
        job = _Job(self, fn, progress, on_done, on_error)
        if label is not None:
            dialog = QProgressDialog(label, "Batal" if cancellable else "", 0, 0, parent)
            dialog.setWindowTitle("Mohon tunggu")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(lambda: progress.cancel())

            def show_progress(done: int, total: int) -> None:
                dialog.setMaximum(total)
                dialog.setValue(done)

            job.dialog, job.on_progress = dialog, show_progress
        _jobs[job_id] = job
        self._running += 1
        self._pool.start(lambda: _work(job_id, relay, job))
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
