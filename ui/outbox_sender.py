"""Delivers queued email and SMS in the background for as long as the console runs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.services import Services
from app.services.records import SYSTEM, SendReport
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

POLL_MS = 30_000  # retries, and messages queued by other workstations
SOON_MS = 300  # after a change: soon, but one pass for a burst of changes


class OutboxSender(QObject):
    """Sends what the outbox holds that is due: every ``POLL_MS``, and shortly after any
    store task ends (a reset link, a sign-in code). One pass at a time, on an I/O worker,
    so a slow or dead SMTP server never holds up the window; failures stay queued and are
    retried with back-off by the service.

    Args:
        services: the store's services.
        runner: the console's TaskRunner (its store tasks trigger a pass).

    Signals:
        delivered(SendReport): a pass ended; what it sent and what still waits.
    """

    delivered = Signal(object)

    def __init__(self, services: Services, runner: TaskRunner,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._services, self._runner = services, runner
        self._in_flight = self._again = self._running = False
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.send_now)
        self._soon = QTimer(self, interval=SOON_MS, singleShot=True)
        self._soon.timeout.connect(self.send_now)
        runner.store_task_done.connect(self.kick)

    def start(self) -> None:
        """Begin polling, with a first pass straight away."""
        self._running = True
        self._poll.start()
        self.kick()

    def stop(self) -> None:
        """No more passes (one under way finishes on its worker)."""
        self._running = False
        self._poll.stop()
        self._soon.stop()

    @Slot()
    def kick(self) -> None:
        """Ask for a pass soon."""
        if self._running:
            self._soon.start()

    @Slot()
    def send_now(self) -> None:
        if not self._running:
            return
        if self._in_flight:
            self._again = True  # something may have been queued since this pass claimed
            return
        self._in_flight, self._again = True, False
        self._runner.run(
            lambda: self._services.outbox.send_due(SYSTEM),
            self._on_done,
            self._on_failed,
            blocking_io=True,
            context=self,
        )

    def _on_done(self, report: SendReport) -> None:
        self._in_flight = False
        if report.failed:
            log.warning("outbox: %d message(s) not delivered, %d waiting", report.failed,
                        report.remaining)  # fmt: skip
        self.delivered.emit(report)
        if self._again:
            self.kick()

    def _on_failed(self, error: Exception) -> None:
        self._in_flight = False
        log.warning("outbox pass failed: %s", error)
