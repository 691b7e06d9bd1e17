"""The Audit log page: newest events first, verify the hash chain, export to CSV."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import Services
from app.services.records import Actor
from app.store.audit import AuditRecord, VerifyResult
from ui.pages.page import Page
from ui.session import ConsoleSession
from ui.widgets.formatting import local_time
from ui.widgets.icons import icon
from ui.widgets.inline_error import InlineError
from ui.widgets.labels import page_title, value_label
from ui.widgets.tables import ID_ROLE, record_table

log = logging.getLogger(__name__)

PAGE = 200


def export_audit(services: Services, actor: Actor, path: Path) -> int:
    """Runs on a worker: the whole log to ``path``; returns how many events."""
    with path.open("w", newline="", encoding="utf-8") as out:
        return services.audit.export_csv(actor, out)


class AuditPage(Page):
    """The audit events, newest first, a page at a time."""

    def __init__(self, session: ConsoleSession,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(session, "auditPage", parent)
        self._oldest_id: int | None = None
        self.loading = False

        title = page_title(self.tr("Audit Log"))
        self.target = QLineEdit()
        self.target.setObjectName("auditTarget")
        self.target.setAccessibleName(self.tr("Filter by target"))
        self.target.setPlaceholderText(self.tr("Only events about this user (exact name)"))
        self.target.setClearButtonEnabled(True)
        self.target.returnPressed.connect(self.reload)
        self.refresh_button = QPushButton(icon("refresh"), self.tr("Refresh"))
        self.refresh_button.setObjectName("auditRefresh")
        self.refresh_button.clicked.connect(self.reload)
        self.verify_button = QPushButton(icon("shield"), self.tr("Verify Chain"))
        self.verify_button.setObjectName("auditVerify")
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton(icon("export"), self.tr("Export CSV…"))
        self.export_button.setObjectName("auditExport")
        self.export_button.clicked.connect(self._on_export)
        tools = QHBoxLayout()
        tools.addWidget(self.target, 1)
        tools.addWidget(self.refresh_button)
        tools.addWidget(self.verify_button)
        tools.addWidget(self.export_button)
        self.verdict = value_label("auditVerdict")

        self.table = record_table("auditTable", [
            self.tr("#"), self.tr("Time"), self.tr("Operator"), self.tr("Action"),
            self.tr("Target"), self.tr("Details"),
        ])  # fmt: skip
        self.table.setAccessibleName(self.tr("Audit events"))
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((60, 130, 150, 150, 150)):
            self.table.setColumnWidth(column, width)
        self.more_button = QPushButton(self.tr("Load Older Events"))
        self.more_button.setObjectName("auditMore")
        self.more_button.clicked.connect(self.load_more)
        self.more_button.setEnabled(False)
        self.error = InlineError("auditError")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(tools)
        layout.addWidget(self.verdict)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)

    @Slot()
    def reload(self) -> None:
        self._oldest_id = None
        self._load(replace=True)

    @Slot()
    def load_more(self) -> None:
        self._load(replace=False)

    def _load(self, *, replace: bool) -> None:
        services, actor = self._services, self._actor
        before = None if replace else self._oldest_id
        target = self.target.text().strip() or None
        self.loading = True
        self.error.clear()

        def _failed(exc: Exception) -> None:
            self.loading = False
            self.error.show_error(exc)

        self._runner.run(
            lambda: services.audit.list(actor, limit=PAGE, before_id=before, target=target),
            lambda events: self._on_loaded(events, replace),
            _failed,
            context=self,
        )

    def _on_loaded(self, events: list[AuditRecord], replace: bool) -> None:
        self.loading = False
        if replace:
            self.table.setRowCount(0)
        for event in events:
            row = self.table.rowCount()
            self.table.insertRow(row)
            details = json.dumps(event.details, ensure_ascii=False, sort_keys=True)
            cells = (str(event.id), local_time(event.at), event.actor, event.action,
                     event.target, details)  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, event.id)
                if event.outcome != "success" and column == 3:
                    item.setText(f"{event.action} ({event.outcome})")
                self.table.setItem(row, column, item)
        if events:
            self._oldest_id = events[-1].id
        self.more_button.setEnabled(len(events) == PAGE)

    @Slot()
    def verify(self) -> None:
        services, actor = self._services, self._actor
        self.verify_button.setEnabled(False)
        self.verdict.setText(self.tr("Verifying…"))

        def _failed(exc: Exception) -> None:
            self.verify_button.setEnabled(True)
            self.verdict.clear()
            self.error.show_error(exc)

        self._runner.run(lambda: services.audit.verify(actor), self._on_verified, _failed,
                         context=self)  # fmt: skip

    def _on_verified(self, result: VerifyResult) -> None:
        self.verify_button.setEnabled(True)
        if result.ok:
            self.verdict.setText(
                self.tr("The chain is intact: %1 events, none changed or removed.").replace(
                    "%1", f"{result.events:,}"
                )
            )
        else:
            self.verdict.setText(
                self.tr("The chain is broken at event #%1: %2. Keep this store for review.")
                .replace("%1", str(result.first_bad_id))
                .replace("%2", result.reason)
            )

    @Slot()
    def _on_export(self) -> None:
        path = self._ask_export_path()
        if not path:
            return
        services, actor = self._services, self._actor
        self.export_button.setEnabled(False)

        def _done(count: int) -> None:
            self.export_button.setEnabled(True)
            self.status_message.emit(
                self.tr("Exported %1 events to %2.").replace("%1", f"{count:,}").replace("%2", path)
            )

        def _failed(exc: Exception) -> None:
            self.export_button.setEnabled(True)
            self.error.show_error(exc)

        self._runner.run(lambda: export_audit(services, actor, Path(path)), _done, _failed,
                         blocking_io=True, context=self)  # fmt: skip

    def _ask_export_path(self) -> str:
        """Ask where to save the CSV (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export Audit Log"), "audit.csv", self.tr("CSV files (*.csv)")
        )
        return path
