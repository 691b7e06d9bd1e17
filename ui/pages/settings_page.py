"""The Settings page: password and login policy, SMTP, SMS, relying party, portal URL."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.config import AccountSettings, RelyingParty
from app.domain.password_policy import BOOLEAN_KNOBS, KNOB_BOUNDS
from app.notify.channels import SmtpSettings
from app.services import Services
from app.services.portal_settings import PortalChange, rp_id_kept
from app.services.records import Actor
from app.services.sms_settings import SmsGatewayView
from ui.pages.page import Page
from ui.pages.sms_section import SmsGatewayForm
from ui.session import ConsoleSession
from ui.widgets.icons import icon
from ui.widgets.inline_error import FieldErrors, InlineError
from ui.widgets.labels import page_title

log = logging.getLogger(__name__)

LOGIN_KNOBS = ("max_failures", "failure_window_minutes", "lock_minutes", "idle_lock_minutes",
               "cli_session_hours")  # fmt: skip


@dataclass(frozen=True)
class LoadedSettings:
    """The account's settings, SMTP and the SMS gateway (their secrets only as "is set")."""

    account: AccountSettings
    smtp: dict[str, Any] | None
    smtp_password_set: bool
    sms: SmsGatewayView


def load_settings(services: Services, actor: Actor) -> LoadedSettings:
    """Runs on a worker. The SMTP password never comes here, only whether one is set."""
    account = services.account.settings(actor)
    view = services.smtp.view(actor)
    public = None
    if view is not None:
        public = {k: v for k, v in asdict(view).items() if k != "password_set"}
    sms = services.sms_settings.show(actor)
    return LoadedSettings(account, public, bool(view and view.password_set), sms)


def save_smtp(services: Services, actor: Actor, smtp: SmtpSettings) -> None:
    """Runs on a worker. An empty password field keeps the stored password (it never comes
    to the screen) as long as the username is the same."""
    services.smtp.save(actor, smtp, keep_password=True)


def send_test_mail(services: Services, actor: Actor, recipient: str) -> str:
    """Runs on a worker: connect (and log in); with a recipient, also send a short email."""
    return services.smtp.test(actor, recipient or None).recipient


class _Section(QGroupBox):
    """A titled form with its own Save button and error line."""

    def __init__(self, title: str, name: str, save: Callable[[], None]) -> None:
        super().__init__(title)
        self.setObjectName(name)
        self.form = QFormLayout()
        # Text fields take the width; numbers and choices keep theirs (not 900 px wide).
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.error = InlineError(f"{name}Error")
        self.errors = FieldErrors(self.error)
        self.note = QLabel()
        self.note.setObjectName(f"{name}Note")
        self.save_button = QPushButton(icon("save"), self.tr("Save"))
        self.save_button.setObjectName(f"{name}Save")
        self.save_button.clicked.connect(save)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.note, 1)
        self.buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addLayout(self.buttons)

    def spin(self, field: str, label: str, low: int, high: int) -> QSpinBox:
        box = QSpinBox()
        box.setObjectName(f"{self.objectName()}_{field}")
        box.setRange(low, high)
        box.setMinimumWidth(box.fontMetrics().horizontalAdvance("0" * 8) + 32)  # all alike
        box.setAccessibleName(label)
        self.form.addRow(label, box)
        self.errors.add(field, self.error, box)
        return box

    def line(self, field: str, label: str, *, secret: bool = False) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(f"{self.objectName()}_{field}")
        line.setAccessibleName(label)
        if secret:
            line.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, line)
        self.errors.add(field, self.error, line)
        return line


class SettingsPage(Page):
    """The account's settings, each section saved on its own."""

    def __init__(self, session: ConsoleSession,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(session, "settingsPage", parent)
        self.loaded: LoadedSettings | None = None

        title = page_title(self.tr("Settings"))
        self.error = InlineError("settingsError")
        self.error.reload_requested.connect(self.reload)

        self.password = _Section(self.tr("Password policy"), "passwordPolicy",
                                 self.save_password_policy)  # fmt: skip
        labels = {
            "min_length": self.tr("Minimum length:"),
            "max_length": self.tr("Maximum length:"),
            "min_char_types": self.tr("Character types needed:"),
            "max_repeated_chars": self.tr("Most repeats in a row (0: any):"),
            "history": self.tr("Refuse the last N passwords:"),
            "max_age_days": self.tr("Expires after days (0: never):"),
            "min_age_days": self.tr("Minimum age in days:"),
        }
        self.password_knobs = {
            knob: self.password.spin(knob, labels.get(knob, knob), low, high)
            for knob, (low, high) in KNOB_BOUNDS.items()
        }
        flags = {
            "forbid_username": self.tr("Refuse the user name in the password"),
            "check_blocklist": self.tr("Refuse common and guessable passwords"),
        }
        self.password_flags: dict[str, QCheckBox] = {}
        for knob in BOOLEAN_KNOBS:
            box = QCheckBox(flags.get(knob, knob))
            box.setObjectName(f"passwordPolicy_{knob}")
            self.password.form.addRow("", box)
            self.password.errors.add(knob, self.password.error, box)
            self.password_flags[knob] = box

        self.login = _Section(self.tr("Login policy"), "loginPolicy", self.save_login_policy)
        login_labels = {
            "max_failures": self.tr("Lock after failed sign-ins:"),
            "failure_window_minutes": self.tr("…within minutes:"),
            "lock_minutes": self.tr("Lock for minutes:"),
            "idle_lock_minutes": self.tr("Lock an idle console after minutes:"),
            "cli_session_hours": self.tr("iamctl sessions last hours:"),
        }
        self.login_knobs = {
            knob: self.login.spin(knob, login_labels[knob], 0, 100_000) for knob in LOGIN_KNOBS
        }

        self.smtp = _Section(self.tr("Email (SMTP)"), "smtp", self.save_smtp)
        self.smtp_host = self.smtp.line("host", self.tr("Host:"))
        self.smtp_port = self.smtp.spin("port", self.tr("Port:"), 1, 65535)
        self.smtp_port.setValue(587)
        self.smtp_security = QComboBox()
        self.smtp_security.setObjectName("smtp_security")
        for value, label in (("starttls", "STARTTLS"), ("tls", "TLS"), ("none", self.tr("None"))):
            self.smtp_security.addItem(label, value)
        self.smtp.form.addRow(self.tr("Security:"), self.smtp_security)
        self.smtp.errors.add("security", self.smtp.error, self.smtp_security)
        self.smtp_username = self.smtp.line("username", self.tr("Username:"))
        self.smtp_password = self.smtp.line("password", self.tr("Password:"), secret=True)
        self.smtp_sender = self.smtp.line("sender", self.tr("Sender address:"))
        self.smtp_test_to = self.smtp.line("test_to", self.tr("Send a test email to:"))
        self.smtp_test_to.setPlaceholderText(self.tr("empty: only test the connection"))
        self.smtp_test_button = QPushButton(icon("mail"), self.tr("Test"))
        self.smtp_test_button.setObjectName("smtpTest")
        self.smtp_test_button.clicked.connect(self.test_smtp)
        self.smtp.buttons.insertWidget(1, self.smtp_test_button)

        self.sms = _Section(self.tr("SMS gateway"), "smsGateway", self.save_sms)
        self.sms_form = SmsGatewayForm(self.sms, session)

        self.rp = _Section(self.tr("Security keys (relying party)"), "relyingParty",
                           self.save_relying_party)  # fmt: skip
        self.rp_id = self.rp.line("relying_party", self.tr("Relying party id (domain):"))
        self.rp_name = self.rp.line("rp_name", self.tr("Name shown on keys:"))
        self.rp_origin = self.rp.line("rp_origin", self.tr("Origin (https://…):"))

        self.portal = _Section(self.tr("Sign-in portal"), "portal", self.save_portal)
        self.portal_url = self.portal.line("portal_url", self.tr("Portal URL:"))
        self.portal_url.setPlaceholderText("https://iam.example.com/portal")

        body = QWidget()
        column = QVBoxLayout(body)
        for section in (self.password, self.login, self.smtp, self.sms, self.rp, self.portal):
            column.addWidget(section)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        self._sections = (self.password, self.login, self.smtp, self.sms, self.rp, self.portal)
        for section in self._sections:
            section.error.reload_requested.connect(self.reload)
        self._set_enabled(False)

    @Slot()
    def reload(self) -> None:
        services, actor = self._services, self._actor
        self.error.clear()
        self._runner.run(lambda: load_settings(services, actor), self._on_loaded,
                         self._on_load_failed, context=self)  # fmt: skip

    def _on_load_failed(self, exc: Exception) -> None:
        self.error.show_error(exc)

    def _on_loaded(self, loaded: LoadedSettings) -> None:
        self.loaded = loaded
        account = loaded.account
        policy = account.password_policy.to_dict()
        for knob, box in self.password_knobs.items():
            box.setValue(int(policy[knob]))
        for knob, check in self.password_flags.items():
            check.setChecked(bool(policy[knob]))
        login = account.login_policy.to_dict()
        for knob, box in self.login_knobs.items():
            box.setValue(int(login[knob]))
        smtp = loaded.smtp or {}
        self.smtp_host.setText(smtp.get("host", ""))
        self.smtp_port.setValue(int(smtp.get("port", 587)))
        self.smtp_security.setCurrentIndex(
            max(0, self.smtp_security.findData(smtp.get("security", "starttls")))
        )
        self.smtp_username.setText(smtp.get("username") or "")
        self.smtp_password.clear()
        self.smtp_password.setPlaceholderText(
            self.tr("stored; type to replace") if loaded.smtp_password_set else ""
        )
        self.smtp_sender.setText(smtp.get("sender", ""))
        self.sms_form.load(loaded.sms)
        self.rp_id.setText(account.relying_party.id)
        self.rp_name.setText(account.relying_party.name)
        self.rp_origin.setText(account.relying_party.origin)
        self.portal_url.setText(account.portal_url)
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        for section in self._sections:
            section.setEnabled(enabled)

    # --- saving ------------------------------------------------------------------------

    def _save(self, section: _Section, work: Callable[[], Any], done: str,
              then: Callable[[Any], None] | None = None) -> None:  # fmt: skip
        section.errors.clear()
        section.note.clear()
        section.save_button.setEnabled(False)

        def _done(result: Any) -> None:
            section.save_button.setEnabled(True)
            section.note.setText(done)
            self.status_message.emit(done)
            if then is not None:
                then(result)

        def _failed(exc: Exception) -> None:
            section.save_button.setEnabled(True)
            section.errors.show(exc)

        self._runner.run(work, _done, _failed, context=self)

    @Slot()
    def save_password_policy(self) -> None:
        services, actor = self._services, self._actor
        changes: dict[str, Any] = {k: box.value() for k, box in self.password_knobs.items()}
        changes.update({k: box.isChecked() for k, box in self.password_flags.items()})
        self._save(self.password, lambda: services.account.set_password_policy(actor, changes),
                   self.tr("Password policy saved."))  # fmt: skip

    @Slot()
    def save_login_policy(self) -> None:
        services, actor = self._services, self._actor
        changes = {k: box.value() for k, box in self.login_knobs.items()}
        self._save(self.login, lambda: services.account.set_login_policy(actor, changes),
                   self.tr("Login policy saved."))  # fmt: skip

    def _smtp_from_form(self) -> SmtpSettings:
        return SmtpSettings(
            host=self.smtp_host.text().strip(),
            port=self.smtp_port.value(),
            security=self.smtp_security.currentData(),
            username=self.smtp_username.text().strip() or None,
            password=self.smtp_password.text() or None,
            sender=self.smtp_sender.text().strip(),
        )

    @Slot()
    def save_smtp(self) -> None:
        services, actor, smtp = self._services, self._actor, self._smtp_from_form()
        self.smtp_password.clear()
        self._save(self.smtp, lambda: save_smtp(services, actor, smtp),
                   self.tr("SMTP settings saved."))  # fmt: skip

    @Slot()
    def test_smtp(self) -> None:
        """Test the saved settings on a worker (SMTP never runs on the GUI thread)."""
        services, actor = self._services, self._actor
        recipient = self.smtp_test_to.text().strip()
        self.smtp.errors.clear()
        self.smtp.note.setText(self.tr("Testing…"))
        self.smtp_test_button.setEnabled(False)

        def _done(sent_to: str) -> None:
            self.smtp_test_button.setEnabled(True)
            self.smtp.note.setText(
                self.tr("The server accepted a test email for %1.").replace("%1", sent_to)
                if sent_to
                else self.tr("The server accepted the connection.")
            )

        def _failed(exc: Exception) -> None:
            self.smtp_test_button.setEnabled(True)
            self.smtp.note.clear()
            self.smtp.errors.show(exc)

        self._runner.run(lambda: send_test_mail(services, actor, recipient), _done, _failed,
                         blocking_io=True, context=self)  # fmt: skip

    @Slot()
    def save_sms(self) -> None:
        services, actor = self._services, self._actor
        kind, values = self.sms_form.kind(), self.sms_form.take_values()

        self._save(self.sms, lambda: services.sms_settings.set(actor, kind, **values),
                   self.tr("SMS gateway saved."), self.sms_form.load)  # fmt: skip

    @Slot()
    def save_relying_party(self) -> None:
        services, actor = self._services, self._actor
        rp = RelyingParty(self.rp_id.text().strip(), self.rp_name.text().strip() or "IAM Desk",
                          self.rp_origin.text().strip())  # fmt: skip
        self._save(self.rp, lambda: services.account.set_relying_party(actor, rp),
                   self.tr("Relying party saved."))  # fmt: skip

    @Slot()
    def save_portal(self) -> None:
        """The URL, its origin and RP id: as typed, else as shown if it fits, else the host."""
        services, actor, url = self._services, self._actor, self.portal_url.text()
        typed = self.rp_id.text().strip()
        edited = self.loaded is None or typed != self.loaded.account.relying_party.id
        rp_id = typed if edited else rp_id_kept(url, typed)
        self._save(self.portal, lambda: services.portal_settings.set(actor, url, rp_id),
                   self.tr("Portal URL saved."), self._on_portal_saved)  # fmt: skip

    def _on_portal_saved(self, change: PortalChange) -> None:
        if change.stranded_keys:
            self.portal.note.setText(
                self.tr("Portal URL saved. The relying-party id was %2: %1 security key(s) "
                        "enrolled under it no longer sign in.")
                .replace("%1", str(change.stranded_keys))
                .replace("%2", change.previous_rp_id)
            )  # fmt: skip
        self.reload()  # the relying party's id and origin follow the URL
