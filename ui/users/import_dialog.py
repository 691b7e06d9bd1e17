"""Import users from a CSV file: choose it, see every bad line before anything is written,
then import all or nothing with a progress bar and Cancel (the service is iamctl's)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Permission, Role, allows
from app.services import Services
from app.services.records import Actor
from app.services.user_import import read_csv_file
from app.services.user_import_records import (
    ROW,
    ImportCancelledError,
    ImportPreview,
    ImportRejectedError,
    ImportResult,
    ImportStage,
    RowError,
)
from ui.session import Change, ConsoleSession
from ui.users.import_progress import ImportProgress, background_priority
from ui.widgets.icons import icon
from ui.widgets.inline_error import InlineError, catalogue_text, message_of
from ui.widgets.tables import record_table

# Where each stage starts on the bar (percent); the last one ends at 100.
STAGE_START = {ImportStage.READING: 0, ImportStage.CHECKING: 30, ImportStage.USERS: 35,
               ImportStage.AUDIT: 70, ImportStage.SAVING: 95}  # fmt: skip


def problem_text(row_error: RowError) -> str:
    """A bad line's problem in the console's language (its catalogue code, translated as any
    refusal is)."""
    params = {"field": row_error.field, **row_error.params}
    return catalogue_text(row_error.code, params, row_error.message)


def import_button(role: Role) -> QPushButton:
    """The Users page's Import CSV… button; disabled, saying why, for a role that may not
    create users (the services' own permission table)."""
    button = QPushButton(icon("user-add"), QCoreApplication.translate("UsersPage", "Import CSV…"))
    button.setObjectName("importUsersButton")
    button.setProperty("permission", Permission.MANAGE_USERS.value)
    if not allows(role, Permission.MANAGE_USERS):
        button.setEnabled(False)
        button.setToolTip(QCoreApplication.translate("UsersPage", "Your role does not allow this."))
    return button


class ImportUsersDialog(QDialog):
    """Signals: imported(int): that many users were created; the list must re-read."""

    imported = Signal(int)

    def __init__(self, session: ConsoleSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importUsersDialog")
        self.setWindowTitle(self.tr("Import Users from CSV"))
        self._session = session
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.progress: ImportProgress | None = None
        self._closing = False

        intro = QLabel(self.tr("A UTF-8 CSV file with the header name,email,mobile,display_name "
                               "(only name is required). Every line is checked first; the users "
                               "are imported all together or not at all."))  # fmt: skip
        intro.setWordWrap(True)
        self.file = QLineEdit()
        self.file.setObjectName("importFile")
        self.file.setAccessibleName(self.tr("CSV file"))
        self.file.setReadOnly(True)
        self.file.setPlaceholderText(self.tr("No file chosen"))
        self.choose_button = QPushButton(self.tr("Choose File…"))
        self.choose_button.setObjectName("importChooseButton")
        self.choose_button.clicked.connect(self._on_choose)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.choose_button)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.error = InlineError("importError")
        self.error_table: QTableWidget = record_table(
            "importErrorTable", [self.tr("Line"), self.tr("Field"), self.tr("Problem")]
        )
        self.error_table.setAccessibleName(self.tr("Bad lines"))
        self.error_table.horizontalHeader().setStretchLastSection(True)
        self.error_table.setVisible(False)
        self.stage = QLabel()
        self.stage.setObjectName("importStage")
        self.bar = QProgressBar()
        self.bar.setObjectName("importProgress")
        self.bar.setRange(0, 100)
        self.bar.setVisible(False)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("importStartButton")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self._on_import)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("importCancelButton")
        self.cancel_button.clicked.connect(self.reject)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        actions.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.error_table, 1)
        layout.addStretch(0)  # takes the room while there is no table (nothing jumps apart)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)
        layout.addLayout(actions)
        self._update_buttons()
        self.resize(620, 420)

    @property
    def busy(self) -> bool:
        return self.progress is not None

    # --- choosing and checking -----------------------------------------------------------

    @Slot()
    def _on_choose(self) -> None:
        path = self._ask_path()
        if path:
            self.check(Path(path))

    def _ask_path(self) -> str:
        """Ask which CSV to import (tests replace this)."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import Users"), "", self.tr("CSV files (*.csv);;All files (*)")
        )
        return path

    def check(self, path: Path) -> None:
        """Read and check ``path`` on a worker: nothing is written."""
        self.path, self.preview = path, None
        self.file.setText(str(path))
        self.error.clear()
        self.error_table.setVisible(False)
        self.summary.setText(self.tr("Checking the file…"))
        progress = self._start_progress()

        def work(services: Services, actor: Actor) -> ImportPreview:
            with background_priority():
                return read_csv_file(
                    path,
                    lambda lines: services.user_import.preview(
                        actor, lines, progress=progress, cancel=progress.cancel
                    ),
                )

        self._session.run(work, self._on_checked, self._on_check_failed, context=self)

    def _on_checked(self, preview: ImportPreview) -> None:
        self._stop_progress()
        if self._closing:
            super().reject()
            return
        self.preview = preview
        if preview.total_bad:
            self._show_bad_lines(
                self.tr("Bad lines: %1. Nothing can be imported until the file is fixed "
                        "(good lines: %2).").replace("%1", f"{preview.total_bad:,}")
                .replace("%2", f"{preview.users:,}"),
                preview.errors,
            )  # fmt: skip
        elif preview.users == 0:
            self.summary.setText(self.tr("The file has no users below its header."))
        else:
            self.summary.setText(
                self.tr("%1 users are ready to import.").replace("%1", f"{preview.users:,}")
            )
        self._update_buttons()

    def _on_check_failed(self, error: Exception) -> None:
        self._stop_progress()
        if self._closing:
            super().reject()
            return
        self.summary.setText("")
        if not isinstance(error, ImportCancelledError):
            self.error.show_message(message_of(error))
        self._update_buttons()

    def _show_bad_lines(self, summary: str, errors: Sequence[RowError]) -> None:
        self.summary.setText(summary)
        table = self.error_table
        table.setRowCount(len(errors))
        for r, row_error in enumerate(errors):
            cells = (str(row_error.line), self._column_text(row_error.field),
                     problem_text(row_error))  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a long reason is cut in the cell
                table.setItem(r, c, item)
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(1)
        table.setVisible(True)

    def _column_text(self, column: str) -> str:
        """A bad line's column: the CSV header's own word (it names the file's column), or
        "whole line"."""
        return self.tr("whole line") if column == ROW else column

    # --- importing ----------------------------------------------------------------------

    @Slot()
    def _on_import(self) -> None:
        path = self.path
        if path is None or self.preview is None or self.preview.total_bad:
            return
        self.error.clear()
        progress = self._start_progress()

        def work(services: Services, actor: Actor) -> ImportResult:
            with background_priority():
                return read_csv_file(
                    path,
                    lambda lines: services.user_import.import_csv(
                        actor, lines, source=path.name, progress=progress, cancel=progress.cancel
                    ),
                )

        self._session.change(work, Change(None, initiator=self), self._on_imported,
                             self._on_import_failed, context=self)  # fmt: skip

    def _on_imported(self, result: ImportResult) -> None:
        self._stop_progress()
        self.summary.setText(
            self.tr("%1 users were imported.").replace("%1", f"{result.created:,}")
        )
        self.imported.emit(result.created)
        self.accept()

    def _on_import_failed(self, error: Exception) -> None:
        self._stop_progress()
        if self._closing:
            super().reject()
            return
        if isinstance(error, ImportCancelledError):
            self.summary.setText(self.tr("Import cancelled: nothing was imported."))
        elif isinstance(error, ImportRejectedError):  # the store changed since the check
            self.preview = None
            self._show_bad_lines(
                self.tr("Bad lines: %1 (the store changed since the file was checked). "
                        "Nothing was imported.").replace("%1", f"{error.total_bad:,}"),
                error.errors,
            )  # fmt: skip
        else:
            self.summary.setText("")
            self.error.show_message(message_of(error))
        self._update_buttons()

    # --- progress -----------------------------------------------------------------------

    def _start_progress(self) -> ImportProgress:
        progress = ImportProgress(self)
        progress.advanced.connect(self._on_advanced)
        self.progress = progress
        self.bar.setValue(0)
        self.bar.setVisible(True)
        self.stage.setText("")
        self.cancel_button.setEnabled(True)
        self._update_buttons()
        return progress

    def _stop_progress(self) -> None:
        if self.progress is not None:
            self.progress.advanced.disconnect(self._on_advanced)
            self.progress.deleteLater()
        self.progress = None
        self.bar.setVisible(False)
        self.stage.setText("")
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setEnabled(True)

    @Slot(str, int, int)
    def _on_advanced(self, stage_name: str, done: int, total: int) -> None:
        stage = ImportStage(stage_name)
        start = STAGE_START[stage]
        stages = list(STAGE_START)
        following = stages.index(stage) + 1
        end = STAGE_START[stages[following]] if following < len(stages) else 100
        share = done / total if total else 0.0
        self.bar.setValue(int(start + (end - start) * min(share, 1.0)))
        self.stage.setText({
            ImportStage.READING: self.tr("Reading: %1 lines").replace("%1", f"{done:,}"),
            ImportStage.CHECKING: self.tr("Checking against the store…"),
            ImportStage.USERS: self.tr("Writing users: %1 of %2").replace("%1", f"{done:,}")
            .replace("%2", f"{total:,}"),
            ImportStage.AUDIT: self.tr("Writing the audit log: %1 of %2")
            .replace("%1", f"{done:,}").replace("%2", f"{total:,}"),
            ImportStage.SAVING: self.tr("Saving…"),
        }[stage])  # fmt: skip
        if stage is ImportStage.SAVING:  # too late to cancel: the commit is under way
            self.cancel_button.setEnabled(False)

    def _update_buttons(self) -> None:
        ready = self.preview is not None and not self.preview.total_bad and self.preview.users
        allowed = allows(self._session.actor.role, Permission.MANAGE_USERS)
        self.import_button.setEnabled(bool(ready) and allowed and not self.busy)
        self.import_button.setProperty("permission", Permission.MANAGE_USERS.value)
        self.choose_button.setEnabled(not self.busy)

    # --- closing ------------------------------------------------------------------------

    def reject(self) -> None:
        """While a check or an import runs, Cancel stops it (nothing is written) and the
        dialog stays until the worker has let go."""
        if self.progress is not None:
            self.progress.cancel.set()
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText(self.tr("Cancelling…"))
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.busy:
            event.ignore()
            self._closing = True
            self.reject()
            return
        super().closeEvent(event)
