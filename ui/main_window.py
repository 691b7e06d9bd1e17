"""The main window: navigation (Users, Audit log, Outbox, Settings), status bar, idle lock."""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.config import AccountSettings
from app.domain.roles import Permission, allows
from app.services import Services
from app.services.records import SendReport, SignInResult
from ui import i18n
from ui.pages.audit_page import AuditPage
from ui.pages.outbox_page import OutboxPage
from ui.pages.settings_page import SettingsPage
from ui.session import ConsoleSession
from ui.startup.idle_lock import IdleWatcher, idle_minutes
from ui.startup.sign_in_dialog import KeyLister, SignInDialog
from ui.tasks import TaskRunner
from ui.users.users_page import UsersPage
from ui.widgets.copy_field import clear_secret_clipboard
from ui.widgets.icons import icon

log = logging.getLogger(__name__)

USERS, AUDIT, OUTBOX, SETTINGS = range(4)
CLOSE_WAIT_MS = 10_000
# Shown in the language in use and in the one chosen (read from its catalog).
NEXT_START = QT_TRANSLATE_NOOP("MainWindow", "IAM Desk will use %1 the next time it starts.")


class MainWindow(QMainWindow):
    """Args: services, runner: as everywhere; session: the operator's sign-in;
    key_lister: finds security keys for the idle-lock sign-in; idle_timeout_ms: overrides
    the idle lock's delay (tests).

    Signals:
        signed_out(): the operator signed out (the composition root asks for a sign-in).
        closed(): the window closed (after signed_out when signing out).
        locked(): the idle lock (or Lock) covered the window.
        unlocked(): the operator typed the password again.
    """

    signed_out = Signal()
    closed = Signal()
    locked = Signal()
    unlocked = Signal()

    def __init__(self, services: Services, runner: TaskRunner, session: SignInResult, *,
                 key_lister: KeyLister | None = None,
                 idle_timeout_ms: int | None = None) -> None:  # fmt: skip
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("IAM Desk"))
        self.setWindowIcon(icon("shield"))
        self._services, self._runner, self.session = services, runner, session
        self.actor = session.actor
        self.key_lister = key_lister
        self.lock_dialog: SignInDialog | None = None
        self._hidden_by_lock: list[QWidget] = []
        self._signing_out = False

        self.console = ConsoleSession(services, runner, self.actor, self)
        self.users = UsersPage(self.console)
        self.audit = AuditPage(self.console)
        self.outbox = OutboxPage(self.console)
        self.settings_page = SettingsPage(self.console)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Navigation"))
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setSpacing(2)
        role = self.actor.role
        for page, icon_name, text, permission in (
            (self.users, "users", self.tr("Users"), Permission.VIEW_USERS),
            (self.audit, "audit", self.tr("Audit log"), Permission.VIEW_AUDIT),
            (self.outbox, "outbox", self.tr("Outbox"), Permission.VIEW_OUTBOX),
            (self.settings_page, "settings", self.tr("Settings"), Permission.MANAGE_SETTINGS),
        ):
            self.pages.addWidget(page)
            item = QListWidgetItem(icon(icon_name), text)
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 18))
            self.navigation.addItem(item)
            item.setHidden(not allows(role, permission))
            page.status_message.connect(self._on_status_message)
        self.navigation.setFixedWidth(max(170, self.navigation.sizeHintForColumn(0) + 24))
        self.navigation.currentRowChanged.connect(self._on_navigate)
        self.users.history_requested.connect(self.show_user_history)

        self.locked_view = QLabel(self.tr("IAM Desk is locked."))
        self.locked_view.setObjectName("lockedView")
        # At the top: the sign-in dialog over the middle of the window must not hide it.
        self.locked_view.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.locked_view.setContentsMargins(0, 48, 0, 0)
        self.locked_view.setVisible(False)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.locked_view, 1)
        self.setCentralWidget(central)

        self.store_label = QLabel(services.settings.describe_store())
        self.store_label.setObjectName("statusStore")
        self.operator_label = QLabel(self._operator_text())
        self.operator_label.setObjectName("statusOperator")
        self.busy_label = QLabel()
        self.busy_label.setObjectName("statusBusy")
        self.outbox_label = QLabel()
        self.outbox_label.setObjectName("statusOutbox")
        labels = (self.busy_label, self.outbox_label, self.store_label, self.operator_label)
        for label in labels:
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)
        runner.busy_changed.connect(self._on_busy)
        self._build_menus()

        self.idle = IdleWatcher(idle_timeout_ms or 15 * 60_000, self)
        self.idle.idle.connect(self.lock)
        self._fixed_idle = idle_timeout_ms is not None
        self.resize(1320, 780)
        self._first_page = USERS
        self._restore_state()
        self.navigation.setCurrentRow(self._first_page)
        self._start_idle_watch()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        lock = QAction(icon("lock"), self.tr("&Lock"), self)
        lock.setObjectName("lockAction")
        lock.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L))
        lock.triggered.connect(self.lock)
        sign_out = QAction(icon("sign-out"), self.tr("Sign &Out"), self)
        sign_out.setObjectName("signOutAction")
        sign_out.triggered.connect(self.sign_out)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setObjectName("quitAction")
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(lock)
        file_menu.addAction(sign_out)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self._build_language_menu()
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About IAM Desk"), self)
        about.setObjectName("aboutAction")
        about.triggered.connect(self._on_about)
        help_menu.addAction(about)

    def _build_language_menu(self) -> None:
        """This workstation's language: kept in QSettings and used from the next start (the
        open windows keep theirs); IAMDESK_LANG, when set, still wins."""
        menu = self.menuBar().addMenu(self.tr("&Language"))
        menu.setObjectName("languageMenu")
        group = QActionGroup(self)
        group.setExclusive(True)
        saved = i18n.normalize(i18n.saved_language()) or ""
        system = i18n.LANGUAGES[i18n.system_language()]
        choices = [("", self.tr("System Language (%1)").replace("%1", system))]
        choices += list(i18n.LANGUAGES.items())  # each language named in itself
        for language, text in choices:
            action = QAction(text, self)
            action.setObjectName(f"language_{language or 'system'}")
            action.setCheckable(True)
            action.setChecked(language == saved)
            action.setData(language)
            action.triggered.connect(lambda _=False, lang=language: self._on_language(lang))
            group.addAction(action)
            menu.addAction(action)
        self.language_actions = group

    @Slot(str)
    def _on_language(self, language: str) -> None:
        if language == (i18n.normalize(i18n.saved_language()) or ""):
            return
        i18n.save_language(language)
        target = language or i18n.system_language()
        lines = [self.tr(NEXT_START)]
        translated = i18n.translate_in(target, "MainWindow", NEXT_START)
        if translated not in lines:
            lines.append(translated)
        text = "\n".join(line.replace("%1", i18n.LANGUAGES[target]) for line in lines)
        forced = i18n.environment_override()
        if forced is not None:
            note = self.tr("IAMDESK_LANG=%1 is set here and overrides this choice.")
            text += "\n\n" + note.replace("%1", forced)
        self._note_language(text)

    def _note_language(self, text: str) -> None:
        QMessageBox.information(self, self.tr("Language"), text)

    def _operator_text(self) -> str:
        roles = {
            "root": self.tr("root"),
            "administrator": self.tr("administrator"),
            "helpdesk": self.tr("helpdesk"),
        }
        return (
            self.tr("Signed in as %1 (%2)")
            .replace("%1", self.actor.name)
            .replace("%2", roles.get(self.actor.role.value, self.actor.role.value))
        )

    # --- navigation --------------------------------------------------------------------

    @Slot(int)
    def _on_navigate(self, row: int) -> None:
        if row < 0:
            return
        self.pages.setCurrentIndex(row)
        page = self.pages.widget(row)
        page.activate()  # type: ignore[attr-defined]

    def show_page(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    @Slot(str)
    def show_user_history(self, name: str) -> None:
        """The Audit log page with ``name``'s own events (from the user's details)."""
        if not self.navigation.item(AUDIT).isHidden():
            self.show_page(AUDIT)
            self.audit.show_user_history(name)

    @Slot(str)
    def _on_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    @Slot(object)
    def show_outbox_state(self, report: SendReport) -> None:
        """What the background sender's last pass left waiting (nothing shown when empty)."""
        if not report.remaining:
            self.outbox_label.clear()
            self.outbox_label.setToolTip("")
            return
        waiting = self.tr("Outbox: %1 waiting").replace("%1", str(report.remaining))
        self.outbox_label.setText(waiting)
        self.outbox_label.setToolTip(
            self.tr("Some messages could not be delivered; they are retried. See Outbox.")
            if report.failed
            else self.tr("The Outbox says why each message waits.")
        )

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Working…") if busy else "")

    @Slot()
    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About IAM Desk"),
            self.tr("IAM Desk %1 — a console for IAM users' security settings.\nStore: %2")
            .replace("%1", __version__)
            .replace("%2", self._services.settings.describe_store()),
        )

    # --- idle lock ---------------------------------------------------------------------

    def _start_idle_watch(self) -> None:
        if self._fixed_idle:
            self.idle.start()
            return
        services, actor = self._services, self.actor

        def _policy(settings: AccountSettings) -> None:
            minutes = idle_minutes(settings.login_policy.idle_lock_minutes)
            self.idle.timeout_ms = minutes * 60_000
            self.idle.start()

        self._runner.run(
            lambda: services.account.settings(actor),
            _policy,
            lambda exc: (log.warning("idle lock uses the default: %s", exc), self.idle.start()),
            context=self,
        )

    @Slot()
    def lock(self) -> None:
        """Cover the window and ask the operator's password again."""
        if self.lock_dialog is not None or self._signing_out:
            return
        self.idle.stop()
        clear_secret_clipboard()
        # Hidden, not closed: unsaved edits and a show-once secret come back after the unlock.
        self._hidden_by_lock = [
            widget for widget in self.findChildren(QWidget)
            if widget.isWindow() and widget is not self and widget.isVisible()
        ]  # fmt: skip
        for widget in self._hidden_by_lock:
            widget.hide()
        self.navigation.setVisible(False)
        self.pages.setVisible(False)
        self.locked_view.setVisible(True)
        dialog = SignInDialog(self._services, self._runner, self,
                              locked_name=self.actor.name, key_lister=self.key_lister)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signed_in.connect(self._on_unlocked)
        dialog.rejected.connect(self.sign_out)
        self.lock_dialog = dialog
        dialog.open()
        self.locked.emit()

    @Slot(object)
    def _on_unlocked(self, session: SignInResult) -> None:
        old = self.session.token
        self.session = session
        self.lock_dialog = None
        self.locked_view.setVisible(False)
        self.navigation.setVisible(True)
        self.pages.setVisible(True)
        for widget in self._hidden_by_lock:
            if shiboken6.isValid(widget):
                widget.show()
        self._hidden_by_lock = []
        services = self._services
        self._runner.run(lambda: services.auth.sign_out(old), context=self)
        self.idle.start()
        self.unlocked.emit()

    # --- closing -----------------------------------------------------------------------

    @Slot()
    def sign_out(self) -> None:
        """End the session and close; the composition root asks for a sign-in again."""
        if self._signing_out:
            return
        self._signing_out = True
        self.lock_dialog = None
        self.signed_out.emit()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.idle.stop()
        self._save_state()
        services, token = self._services, self.session.token
        self._runner.run(lambda: services.auth.sign_out(token))
        if not self._runner.wait(CLOSE_WAIT_MS):
            log.warning("background work was still running at close")
        super().closeEvent(event)
        self.closed.emit()

    def _save_state(self) -> None:
        settings = QSettings()
        settings.setValue("mainWindow/geometry", self.saveGeometry())
        settings.setValue("mainWindow/page", self.navigation.currentRow())
        self.users.save_state(settings)

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("mainWindow/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.users.restore_state(settings)
        page = settings.value("mainWindow/page")
        if page is not None and str(page).isdigit():
            item = self.navigation.item(int(str(page)))
            if item is not None and not item.isHidden():
                self._first_page = int(str(page))
