"""Actions on many selected users at once, and the per-user result dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.vocabulary import ResetMode
from app.services import Services
from app.services.records import Actor
from ui.users.user_table_model import protection_label
from ui.widgets.icons import icon
from ui.widgets.inline_error import message_of
from ui.widgets.tables import fit_columns, record_table

Action = Callable[[str], str]  # one user's part: returns what it did, raises when refused


@dataclass(frozen=True)
class BulkOutcome:
    """What one user's part of a bulk action did."""

    user_name: str
    ok: bool
    message: str


def _t(text: str) -> str:
    return QCoreApplication.translate("BulkActions", text)


def send_set_password_links(services: Services, actor: Actor) -> Action:
    def one(name: str) -> str:
        result = services.passwords.reset(actor, name, ResetMode.SET_BY_USER)
        return _t("Link emailed to %1").replace("%1", result.emailed_to or "")

    return one


def set_enabled(services: Services, actor: Actor, enabled: bool) -> Action:
    def one(name: str) -> str:
        services.users.set_enabled(actor, name, enabled)
        return _t("Enabled") if enabled else _t("Disabled")

    return one


def unlock(services: Services, actor: Actor) -> Action:
    def one(name: str) -> str:
        services.users.unlock(actor, name)
        return _t("Unlocked")

    return one


def set_login_protection(services: Services, actor: Actor, method: str) -> Action:
    def one(name: str) -> str:
        services.protection.set(actor, name, method=method)
        return _t("Login protection set to %1").replace("%1", protection_label(method))

    return one


def run_bulk(names: list[str], action: Action) -> list[BulkOutcome]:
    """Runs on a worker: each user is its own transaction; one refusal does not stop the rest."""
    outcomes = []
    for name in names:
        try:
            outcomes.append(BulkOutcome(name, True, action(name)))
        except Exception as exc:  # every refusal is reported on its row
            outcomes.append(BulkOutcome(name, False, message_of(exc)))
    return outcomes


class BulkResultDialog(QDialog):
    """One row per user: done, or the one-line reason it was refused."""

    def __init__(self, title: str, outcomes: list[BulkOutcome],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("bulkResultDialog")
        self.setWindowTitle(title)
        done = sum(o.ok for o in outcomes)
        summary = QLabel(
            self.tr("%1 of %2 users done; %3 refused.")
            .replace("%1", str(done))
            .replace("%2", str(len(outcomes)))
            .replace("%3", str(len(outcomes) - done))
        )
        summary.setObjectName("bulkResultSummary")
        headers = [self.tr("User"), self.tr("Result"), self.tr("Detail")]
        self.table = record_table("bulkResultTable", headers)
        self.table.setRowCount(len(outcomes))
        fit_columns(self.table, 2)
        # A refusal's reason wraps onto as many lines as it needs, never cut off.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        ok_icon, bad_icon = icon("check"), icon("disable")
        for row, outcome in enumerate(outcomes):
            self.table.setItem(row, 0, QTableWidgetItem(outcome.user_name))
            result = QTableWidgetItem(
                ok_icon if outcome.ok else bad_icon,
                self.tr("Done") if outcome.ok else self.tr("Refused"),
            )
            self.table.setItem(row, 1, result)
            detail = QTableWidgetItem(outcome.message)
            detail.setToolTip(outcome.message)
            self.table.setItem(row, 2, detail)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(720, 420)
