"""The Outbox page: queued and sent email/SMS, why each queued message waits, and sending
what is due now (message bodies are never shown: they hold codes, passwords and links)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Permission, allows
from app.domain.vocabulary import OutboxChannel, OutboxStatus
from app.services.records import OutboxOverview, OutboxRecord, SendReport
from ui.pages.page import Page
from ui.session import ConsoleSession
from ui.widgets.formatting import local_time
from ui.widgets.icons import icon
from ui.widgets.inline_error import InlineError
from ui.widgets.labels import page_title
from ui.widgets.tables import ID_ROLE, record_table

log = logging.getLogger(__name__)

LIMIT = 500
REASON_COLUMN, ERROR_COLUMN = 5, 7  # "Why it waits", "Last error"


class OutboxPage(Page):
    """Queued and sent email and SMS messages, filtered by status."""

    def __init__(self, session: ConsoleSession,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(session, "outboxPage", parent)
        self.loading = False

        title = page_title(self.tr("Outbox"))
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("outboxStatus")
        self.status_filter.setAccessibleName(self.tr("Show messages"))
        for value, label in (
            ("", self.tr("All messages")),
            (OutboxStatus.QUEUED.value, self.tr("Queued")),
            (OutboxStatus.SENT.value, self.tr("Sent")),
            (OutboxStatus.STORED.value, self.tr("Stored (SMS)")),
        ):
            self.status_filter.addItem(label, value)  # fmt: skip
        self.status_filter.currentIndexChanged.connect(self.reload)
        self.refresh_button = QPushButton(icon("refresh"), self.tr("Refresh"))
        self.refresh_button.setObjectName("outboxRefresh")
        self.refresh_button.clicked.connect(self.reload)
        self.send_button = QPushButton(icon("send"), self.tr("Send Now"))
        self.send_button.setObjectName("outboxSend")
        self.send_button.clicked.connect(self.send_now)
        self.send_button.setProperty("permission", Permission.MANAGE_OUTBOX.value)
        if allows(self._actor.role, Permission.MANAGE_OUTBOX):
            self.send_button.setToolTip(self.tr("Deliver every queued message that is due"))
        else:
            self.send_button.setEnabled(False)
            self.send_button.setToolTip(self.tr("Your role does not allow this."))
        tools = QHBoxLayout()
        tools.addWidget(self.status_filter)
        tools.addStretch(1)
        tools.addWidget(self.refresh_button)
        tools.addWidget(self.send_button)
        self.report = QLabel()
        self.report.setObjectName("outboxReport")
        self.report.setWordWrap(True)

        self.table = record_table("outboxTable", [
            self.tr("Created"), self.tr("Channel"), self.tr("Recipient"), self.tr("Subject"),
            self.tr("Status"), self.tr("Why it waits"), self.tr("Attempts"),
            self.tr("Last error"),
        ])  # fmt: skip
        self.table.setAccessibleName(self.tr("Outbox messages"))
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(
            ERROR_COLUMN, QHeaderView.ResizeMode.Stretch
        )
        # A queued message's status says when it is tried next: room for all of it.
        queued = _tr("Queued") + " · " + self.tr("next %1").replace("%1", "2026-12-31 23:59")
        status = self.table.fontMetrics().horizontalAdvance(queued) + 24
        for column, width in enumerate((130, 60, 190, 200, max(120, status), 300, 60)):
            self.table.setColumnWidth(column, width)
        self.error = InlineError("outboxError")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(tools)
        layout.addWidget(self.report)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)

    @Slot()
    def reload(self) -> None:
        services, actor = self._services, self._actor
        status = self.status_filter.currentData() or None
        self.loading = True
        self.error.clear()

        def _failed(exc: Exception) -> None:
            self.loading = False
            self.error.show_error(exc)

        self._runner.run(
            lambda: services.outbox.overview(actor, status=status, limit=LIMIT),
            self._on_loaded,
            _failed,
            context=self,
        )

    def _on_loaded(self, overview: OutboxOverview) -> None:
        self.loading = False
        messages = overview.messages
        self.table.setRowCount(len(messages))
        for row, m in enumerate(messages):
            status = _STATUS.get(m.status, lambda s=m.status: s)()
            if m.status == OutboxStatus.QUEUED:
                status += " · " + self.tr("next %1").replace("%1", local_time(m.next_attempt_at))
            cells = (local_time(m.created_at), m.channel.upper(), m.recipient, m.subject, status,
                     why_waiting(m, overview), str(m.attempts), m.last_error or "")  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, m.id)
                if column in (REASON_COLUMN, ERROR_COLUMN) and text:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)

    @Slot()
    def send_now(self) -> None:
        """Deliver what is due on a worker (SMTP never runs on the GUI thread)."""
        services, actor = self._services, self._actor
        self.send_button.setEnabled(False)
        self.report.setText(self.tr("Sending…"))

        def _failed(exc: Exception) -> None:
            self.send_button.setEnabled(True)
            self.report.clear()
            self.error.show_error(exc)

        self._runner.run(lambda: services.outbox.send_due(actor), self._on_sent, _failed,
                         blocking_io=True, context=self)  # fmt: skip

    def _on_sent(self, report: SendReport) -> None:
        self.send_button.setEnabled(True)
        text = (
            self.tr("Sent %1, stored %2, failed %3; %4 still queued.")
            .replace("%1", str(report.sent))
            .replace("%2", str(report.stored))
            .replace("%3", str(report.failed))
            .replace("%4", str(report.remaining))
        )
        self.report.setText(text)
        self.status_message.emit(text)
        self.reload()


def _tr(text: str) -> str:
    return QCoreApplication.translate("OutboxPage", text)


def why_waiting(message: OutboxRecord, overview: OutboxOverview) -> str:
    """Why a queued message has not gone out yet, in the console's words ("" once sent)."""
    if message.status != OutboxStatus.QUEUED:
        return ""
    if message.channel == OutboxChannel.EMAIL and not overview.smtp_ready:
        return _tr("SMTP is not set up: an administrator sets it in Settings.")
    if message.last_error:
        return _tr("Delivery failed; it is tried again at %1.").replace(
            "%1", local_time(message.next_attempt_at)
        )
    if message.next_attempt_at > overview.now:
        return _tr("Being sent; tried again at %1 if it does not go out.").replace(
            "%1", local_time(message.next_attempt_at)
        )
    return _tr("Due now: it goes out with the next send.")


_STATUS = {
    OutboxStatus.QUEUED: lambda: _tr("Queued"),
    OutboxStatus.SENT: lambda: _tr("Sent"),
    OutboxStatus.STORED: lambda: _tr("Stored"),
}
