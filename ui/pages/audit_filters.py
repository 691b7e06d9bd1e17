"""The Audit log's filters: a user (any case, a name's beginning), an action, a time range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum

from PySide6.QtCore import QDateTime, QTimer, Signal, Slot
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.domain.audit_actions import AuditAction
from ui.pages.audit_words import ACTION_LABELS

TYPING_PAUSE_MS = 300


class Period(IntEnum):
    ANY = 0
    HOUR = 1
    DAY = 2
    WEEK = 3
    MONTH = 4
    CUSTOM = 5


_SPANS = {
    Period.HOUR: timedelta(hours=1),
    Period.DAY: timedelta(days=1),
    Period.WEEK: timedelta(days=7),
    Period.MONTH: timedelta(days=30),
}


@dataclass(frozen=True)
class AuditQuery:
    """What the filters ask for (``exact``: the user's own history, not a name's beginning)."""

    user: str | None = None
    exact: bool = False
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


class AuditFilters(QWidget):
    """Signals:
    changed(): a filter changed (typing: once it pauses).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._exact = False
        self.user = QLineEdit()
        self.user.setObjectName("auditUser")
        self.user.setAccessibleName(self.tr("Filter by user"))
        self.user.setPlaceholderText(self.tr("User (name or its beginning, any case)"))
        self.user.setClearButtonEnabled(True)
        self.user.textEdited.connect(self._on_user_edited)
        self.user.returnPressed.connect(self._emit_now)
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.action.setAccessibleName(self.tr("Filter by action"))
        self.action.addItem(self.tr("All actions"), None)
        labels = sorted((label(), action.value) for action, label in ACTION_LABELS.items())
        for text, value in labels:
            self.action.addItem(text, value)
        self.action.currentIndexChanged.connect(self._emit_now)
        self.period = QComboBox()
        self.period.setObjectName("auditPeriod")
        self.period.setAccessibleName(self.tr("Time range"))
        for text in (self.tr("Any time"), self.tr("Last hour"), self.tr("Last 24 hours"),
                     self.tr("Last 7 days"), self.tr("Last 30 days"),
                     self.tr("Between…")):  # fmt: skip
            self.period.addItem(text)
        self.period.currentIndexChanged.connect(self._on_period)
        now_local = QDateTime.currentDateTime()
        self.since = self._date_edit("auditSince", now_local.addDays(-1))
        self.until = self._date_edit("auditUntil", now_local)
        self.until_label = QLabel(self.tr("and"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.user, 2)
        layout.addWidget(self.action, 1)
        layout.addWidget(self.period)
        layout.addWidget(self.since)
        layout.addWidget(self.until_label)
        layout.addWidget(self.until)
        self._show_range(False)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._emit_now)

    def _date_edit(self, name: str, value: QDateTime) -> QDateTimeEdit:
        edit = QDateTimeEdit(value)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.dateTimeChanged.connect(self._emit_now)
        return edit

    def _show_range(self, shown: bool) -> None:
        for widget in (self.since, self.until_label, self.until):
            widget.setVisible(shown)

    def show_user(self, name: str) -> None:
        """Show ``name``'s own history (its exact name, every action, any time)."""
        self.blockSignals(True)
        self.user.setText(name)
        self.action.setCurrentIndex(0)
        self.period.setCurrentIndex(Period.ANY)
        self.blockSignals(False)
        self._exact = True
        self._emit_now()

    def query(self, now: datetime) -> AuditQuery:
        """The filters as a query, the time range counted back from ``now``."""
        since = until = None
        period = Period(self.period.currentIndex())
        if period in _SPANS:
            since = now - _SPANS[period]
        elif period is Period.CUSTOM:
            since = _utc(self.since.dateTime())
            until = _utc(self.until.dateTime())
        action = self.action.currentData()
        return AuditQuery(self.user.text().strip() or None, self._exact,
                          AuditAction(action).value if action else None,
                          since, until)  # fmt: skip

    @Slot(str)
    def _on_user_edited(self, _text: str) -> None:
        self._exact = False  # typed: a name's beginning again
        self._pause.start()

    @Slot(int)
    def _on_period(self, index: int) -> None:
        self._show_range(index == Period.CUSTOM)
        self._emit_now()

    def _emit_now(self, *_: object) -> None:
        self._pause.stop()
        if not self.signalsBlocked():
            self.changed.emit()


def _utc(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), tz=UTC)
