"""The composition root of the console: settings → services → window (nothing at import).

Start-up time is a target (a populated list within 0.6 s of launch, benchmarks/gui_users.py),
so this module imports only what the sign-in dialog needs (ui.main has loaded the service layer
before Qt). The main window's modules load and its icons are drawn while the dialog waits, or
while the password hashes; the first-run wizard's modules only on an empty store.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QThread, QTimer, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import __version__
from app.config import ENV_KEY_FILE, Settings
from app.errors import IamDeskError, NotFoundError
from app.services import Services
from ui.i18n import chosen_language, install_translators
from ui.tasks import TaskRunner
from ui.widgets import indicators
from ui.widgets.inline_error import message_of

if TYPE_CHECKING:
    from app.services.records import SignInResult
    from ui.main_window import MainWindow
    from ui.outbox_sender import OutboxSender
    from ui.startup.first_run_wizard import FirstRunWizard

log = logging.getLogger(__name__)

ENV_SMOKE_EXIT_MS = "IAMDESK_SMOKE_EXIT_MS"
KEY_FILE_SETTING = "vault/keyFile"


def settings_from_environment() -> Settings:
    """The environment's settings; a key file chosen in the first-run wizard is remembered
    (QSettings) for when IAMDESK_KEY_FILE is not set."""
    settings = Settings.from_env()
    if settings.key_file is None and not os.environ.get(ENV_KEY_FILE):
        remembered = QSettings().value(KEY_FILE_SETTING)
        if remembered:
            settings = replace(settings, key_file=Path(str(remembered)))
    return settings


def freeze_start_up_heap() -> None:
    """Once per process, take what start-up built (it lives as long as the process) out of
    the garbage collector's walk: a full collection over it stalled every thread for 50 ms."""
    if gc.get_freeze_count() == 0:
        gc.collect(1)  # the young garbage: cheap, and then not frozen with the rest
        gc.freeze()


class Console(QObject):
    """Builds the services, then walks the operator through first run or sign-in to the
    main window. Owns the services and closes them when the application quits.

    Args:
        settings: where the store is.
        smoke_exit_ms: quit this long after the first window shows (installer smoke tests).
        freeze_heap: once started, take what is in memory out of the garbage collector's
            walk (gc.freeze); for the process the console owns, not for an embedding host.
    """

    def __init__(self, app: QApplication, settings: Settings, *,
                 smoke_exit_ms: int | None = None, freeze_heap: bool = False) -> None:  # fmt: skip
        super().__init__(app)
        self.setObjectName("console")
        self._app, self._settings = app, settings
        self._smoke_exit_ms = smoke_exit_ms
        self._freeze_heap = freeze_heap
        self._announced = False
        self.services: Services | None = None
        self.runner = TaskRunner(self)
        self.sender: OutboxSender | None = None
        self.window: QWidget | None = None
        self.exit_code = 0
        app.aboutToQuit.connect(self._on_about_to_quit)

    def start(self) -> bool:
        """Open the store and show the first window; False when the store cannot be opened."""
        try:
            self.services = Services.open(self._settings)
            self.services.account.account_name()
        except NotFoundError:
            self._show_wizard()  # nothing to send before the account exists
        except (IamDeskError, OSError) as exc:
            self._show_startup_error(message_of(exc) if isinstance(exc, IamDeskError) else str(exc))
            return False
        except Exception as exc:  # a store that cannot be reached (driver errors)
            log.exception("cannot open the store")
            self._show_startup_error(f"{type(exc).__name__}: {exc}")
            return False
        else:
            self._start_sender()  # sign-in codes go out while the dialog waits
            self._show_sign_in()
        return True

    def _start_sender(self) -> None:
        """Deliver the outbox of the current services (the wizard may replace them)."""
        from ui.outbox_sender import OutboxSender

        assert self.services is not None
        if self.sender is not None:
            self.sender.stop()
            self.sender.deleteLater()
        self.sender = OutboxSender(self.services, self.runner, self)
        self.sender.start()

    def _open_services(self, key_file: Path | None) -> Services:
        """Reopen the store with another key file (the wizard's key storage choice)."""
        return Services.open(replace(self._settings, key_file=key_file))

    def _show(self, widget: QWidget) -> None:
        self.window = widget
        widget.show()
        if self._smoke_exit_ms is not None and not self._announced:
            self._announced = True
            print(f"iamdesk: showing {widget.objectName()}", flush=True)
            QTimer.singleShot(self._smoke_exit_ms, self.quit)

    def _show_wizard(self) -> None:
        from ui.startup.first_run_wizard import FirstRunWizard

        assert self.services is not None
        wizard = FirstRunWizard(self.services, self.runner, open_services=self._open_services)
        wizard.accepted.connect(lambda: self._on_set_up(wizard))
        wizard.rejected.connect(self.quit)
        self._show(wizard)
        _FirstPaint(wizard, self._warm_up)  # while the operator fills the pages in

    def _on_set_up(self, wizard: FirstRunWizard) -> None:
        outcome = wizard.outcome
        assert outcome is not None and self.services is not None
        if outcome.services is not self.services:
            self.services.close()
            self.services = outcome.services
        if outcome.key_file is not None and not os.environ.get(ENV_KEY_FILE):
            QSettings().setValue(KEY_FILE_SETTING, str(outcome.key_file))
        wizard.deleteLater()
        self._start_sender()
        self._show_main(outcome.signed_in)
        for warning in outcome.warnings:
            QMessageBox.warning(self.window, self.tr("Set Up IAM Desk"), warning)

    def _show_sign_in(self) -> None:
        from ui.startup.sign_in_dialog import SignInDialog

        assert self.services is not None
        dialog = SignInDialog(self.services, self.runner)
        dialog.signed_in.connect(self._on_signed_in)
        dialog.rejected.connect(self.quit)
        self._show(dialog)
        _FirstPaint(dialog, self._warm_up)  # while the operator types or the hash runs

    @Slot(object)
    def _on_signed_in(self, session: SignInResult) -> None:
        sender = self.window
        if sender is not None:
            sender.deleteLater()
        self._show_main(session)

    def _show_main(self, session: SignInResult) -> None:
        from ui.main_window import MainWindow

        assert self.services is not None
        window = MainWindow(self.services, self.runner, session)
        window.signed_out.connect(self._on_signed_out)
        window.closed.connect(lambda: self._on_main_closed(window))
        if self.sender is not None:
            self.sender.delivered.connect(window.show_outbox_state)
        self._show(window)

    @Slot()
    def _warm_up(self) -> None:
        """Import the main window's modules and draw its icons before they are needed. The
        first time, with ``freeze_heap``, also freeze the start-up heap
        (``freeze_start_up_heap``)."""
        import ui.main_window  # noqa: F401
        from ui.widgets.icons import draw_all

        draw_all()
        if self._freeze_heap:
            freeze_start_up_heap()

    @Slot()
    def _on_signed_out(self) -> None:
        old = self.window
        self._show_sign_in()
        if old is not None:
            old.deleteLater()

    def _on_main_closed(self, window: MainWindow) -> None:
        if self.window is window:  # closed, not signed out: the console ends
            self.quit()

    def _show_startup_error(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, "IAM Desk", "")
        box.setObjectName("startupError")
        box.setText(self.tr("IAM Desk cannot open its store: %1").replace("%1", message))
        box.finished.connect(self.quit)
        self.exit_code = 1
        self._show(box)

    @Slot()
    def quit(self) -> None:
        """Close every window and leave the event loop."""
        window = self.window
        if window is not None and window.isVisible():
            window.close()
        self._app.quit()

    @Slot()
    def _on_about_to_quit(self) -> None:
        if self.sender is not None:
            self.sender.stop()
        self.runner.wait()
        if self.services is not None:
            self.services.close()
            self.services = None


class _FirstPaint(QObject):
    """Calls ``callback`` once, as soon as ``widget`` has painted for the first time (or
    after ``FALLBACK_MS``, should no paint come): work that can wait never holds up the
    first picture of a window (40 ms of warm-up did, on X11)."""

    FALLBACK_MS = 1000

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._call)  # once this paint has reached the screen
        return False

    def _call(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


def _smoke_exit_ms() -> int | None:
    value = os.environ.get(ENV_SMOKE_EXIT_MS)
    if not value:
        return None
    try:
        return max(0, int(value))
    except ValueError:
        print(f"iamdesk: ignoring {ENV_SMOKE_EXIT_MS}={value!r} (not a number)", file=sys.stderr)
        return None


def run(args: list[str]) -> int:
    """Run the console until it quits (ui.main:main is the command); reuses a running
    QApplication when there is one, and returns at once when its event loop already runs."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(args)
    if not app.applicationName() or app.applicationName() == Path(args[0]).name:
        app.setApplicationName("IAM Desk")
    if not app.organizationName():
        app.setOrganizationName("IAM Desk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("iamdesk")  # matches resources/linux/iamdesk.desktop (Wayland)
    indicators.install(app)  # check boxes and radio buttons visible in dark themes too
    # IAMDESK_LANG, else the workstation's choice (Language menu), else the system locale.
    install_translators(app, chosen_language())
    app.setQuitOnLastWindowClosed(False)  # the console quits when its flow ends
    embedded = QThread.currentThread().loopLevel() > 0  # a host's event loop already runs
    console = Console(app, settings_from_environment(), smoke_exit_ms=_smoke_exit_ms(),
                      freeze_heap=not embedded)  # fmt: skip
    started = console.start()
    if not started and console.window is None:
        return 1
    if embedded:
        return 0  # the console lives on in the host's event loop
    code = app.exec()
    return console.exit_code or code
