"""The first-run wizard: account, root password, key storage, optional SMTP, then init."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.notify.channels import SmtpSettings
from app.services import Services
from ui.startup.first_run_setup import ServicesOpener, SetupChoice, SetupOutcome, set_up
from ui.tasks import TaskRunner
from ui.widgets.icons import icon
from ui.widgets.inline_error import InlineError

log = logging.getLogger(__name__)

ACCOUNT_PAGE, PASSWORD_PAGE, KEY_PAGE, SMTP_PAGE, CREATE_PAGE = range(5)


class _Page(QWizardPage):
    def __init__(self, title: str, subtitle: str, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.error = InlineError(f"{name}Error")

    def line(self, name: str, accessible: str, *, secret: bool = False) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.setAccessibleName(accessible)
        if secret:
            line.setEchoMode(QLineEdit.EchoMode.Password)
        line.textEdited.connect(lambda _: self.error.clear())
        return line


class AccountPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            self.tr("Account"),
            self.tr("The account owns every IAM user. Its name is how the root operator signs in."),
            "wizardAccountPage",
        )
        self.account = self.line("wizardAccountName", self.tr("Account name"))
        self.account.setPlaceholderText(self.tr("for example acme"))
        self.email = self.line("wizardAccountEmail", self.tr("Account email"))
        self.email.setPlaceholderText(self.tr("optional"))
        form = QFormLayout(self)
        form.addRow(self.tr("Account name:"), self.account)
        form.addRow(self.tr("Email:"), self.email)
        form.addRow(self.error)
        self.account.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.account.text().strip())


class PasswordPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            self.tr("Root password"),
            self.tr(
                "The root operator can do everything. Choose a long password you do not "
                "use anywhere else."
            ),  # fmt: skip
            "wizardPasswordPage",
        )
        self.password = self.line("wizardPassword", self.tr("Root password"), secret=True)
        self.confirm = self.line("wizardPasswordConfirm", self.tr("Confirm password"), secret=True)
        self.match = QLabel()
        self.match.setObjectName("wizardPasswordMatch")
        form = QFormLayout(self)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("Confirm:"), self.confirm)
        form.addRow("", self.match)
        form.addRow(self.error)
        for line in (self.password, self.confirm):
            line.textChanged.connect(self._on_edited)

    @Slot()
    def _on_edited(self) -> None:
        both = self.password.text() and self.confirm.text()
        differ = both and self.password.text() != self.confirm.text()
        self.match.setText(self.tr("The two passwords differ.") if differ else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.password.text()) and self.password.text() == self.confirm.text()

    def validatePage(self) -> bool:  # noqa: N802
        return self.isComplete()


class KeyPage(_Page):
    def __init__(self, home: Path, env_key_file: Path | None) -> None:
        super().__init__(
            self.tr("Key storage"),
            self.tr(
                "Secrets (MFA seeds, access keys) are encrypted with a key kept outside "
                "the store. Choose where that key lives."
            ),  # fmt: skip
            "wizardKeyPage",
        )
        self.keyring = QRadioButton(self.tr("The operating system's keyring (this workstation)"))
        self.keyring.setObjectName("wizardKeyring")
        self.key_file = QRadioButton(
            self.tr("A key file (share it with every workstation that uses this store)")
        )
        self.key_file.setObjectName("wizardKeyFile")
        group = QButtonGroup(self)
        group.addButton(self.keyring)
        group.addButton(self.key_file)
        self.path = self.line("wizardKeyFilePath", self.tr("Key file"))
        self.path.setText(str(env_key_file or home / "iamdesk.key"))
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.setObjectName("wizardKeyFileBrowse")
        self.browse.clicked.connect(self._on_browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        note = QLabel(
            self.tr("IAMDESK_KEY_FILE names the key file for this session.")
            if env_key_file
            else self.tr(
                "Keep a copy of the key file somewhere safe: without it the "
                "encrypted secrets cannot be read."
            )  # fmt: skip
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.keyring)
        layout.addWidget(self.key_file)
        layout.addLayout(path_row)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addStretch(1)
        (self.key_file if env_key_file else self.keyring).setChecked(True)
        self.keyring.setEnabled(env_key_file is None)
        self.key_file.toggled.connect(self._on_choice)
        self.path.textChanged.connect(self.completeChanged)
        self._on_choice()

    @Slot()
    def _on_choice(self) -> None:
        self.path.setEnabled(self.key_file.isChecked() and self.keyring.isEnabled())
        self.browse.setEnabled(self.path.isEnabled())
        self.completeChanged.emit()

    @Slot()
    def _on_browse(self) -> None:
        path = self._ask_key_file()
        if path:
            self.path.setText(path)

    def _ask_key_file(self) -> str:
        """Ask where the key file goes (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Key File"), self.path.text())
        return path

    def chosen(self) -> Path | None:
        return Path(self.path.text().strip()).expanduser() if self.key_file.isChecked() else None

    def isComplete(self) -> bool:  # noqa: N802
        return self.keyring.isChecked() or bool(self.path.text().strip())


class SmtpPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            self.tr("Email (optional)"),
            self.tr(
                "IAM Desk emails set-password links and sign-in codes through your SMTP "
                "server. You can also set this later under Settings."
            ),  # fmt: skip
            "wizardSmtpPage",
        )
        self.enabled = QCheckBox(self.tr("Set up SMTP now"))
        self.enabled.setObjectName("wizardSmtpEnable")
        self.host = self.line("wizardSmtpHost", self.tr("SMTP host"))
        self.port = QSpinBox()
        self.port.setObjectName("wizardSmtpPort")
        self.port.setRange(1, 65535)
        self.port.setValue(587)
        self.security = QComboBox()
        self.security.setObjectName("wizardSmtpSecurity")
        for value, label in (("starttls", "STARTTLS"), ("tls", "TLS"), ("none", self.tr("None"))):
            self.security.addItem(label, value)
        self.username = self.line("wizardSmtpUsername", self.tr("SMTP username"))
        self.password = self.line("wizardSmtpPassword", self.tr("SMTP password"), secret=True)
        self.sender = self.line("wizardSmtpSender", self.tr("Sender address"))
        self.sender.setPlaceholderText("iam@example.com")
        self.fields = QWidget()
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Host:"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Security:"), self.security)
        form.addRow(self.tr("Username:"), self.username)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("Sender:"), self.sender)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addWidget(self.fields)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.enabled.toggled.connect(self.fields.setEnabled)
        self.fields.setEnabled(False)

    def settings(self) -> SmtpSettings | None:
        if not self.enabled.isChecked():
            return None
        return SmtpSettings(
            host=self.host.text().strip(),
            port=self.port.value(),
            security=self.security.currentData(),
            username=self.username.text().strip() or None,
            password=self.password.text() or None,
            sender=self.sender.text().strip(),
        )


class CreatePage(_Page):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(
            self.tr("Create"),
            self.tr("Check the choices, then create the account."),
            "wizardCreatePage",
        )
        self._wizard = wizard
        self.summary = QLabel()
        self.summary.setObjectName("wizardSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QLabel()
        self.progress.setObjectName("wizardProgress")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.setFinalPage(True)

    def initializePage(self) -> None:  # noqa: N802
        self.summary.setText(self._wizard.summary_text())
        self.progress.clear()
        self.error.clear()

    def validatePage(self) -> bool:  # noqa: N802
        """Finish only once the account exists; the first press starts creating it."""
        if self._wizard.outcome is not None:
            return True
        self._wizard.create()
        return False


class FirstRunWizard(QWizard):
    """Args: services: the (empty) store's services; runner: as everywhere; open_services:
    reopens the store with another key file (from the composition root).

    After ``accepted``, ``outcome`` holds the SetupOutcome (services, root session).
    """

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None,
                 *, open_services: ServicesOpener | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("Set Up IAM Desk"))
        self.setWindowIcon(icon("shield"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self._services, self._runner, self._open = services, runner, open_services
        self.outcome: SetupOutcome | None = None
        self.creating = False
        self.account_page = AccountPage()
        self.password_page = PasswordPage()
        self.key_page = KeyPage(services.settings.home, services.settings.key_file)
        self.smtp_page = SmtpPage()
        self.create_page = CreatePage(self)
        for page_id, page in enumerate((self.account_page, self.password_page, self.key_page,
                                        self.smtp_page, self.create_page)):  # fmt: skip
            self.setPage(page_id, page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Create Account"))
        self.resize(640, 480)

    def choice(self) -> SetupChoice:
        return SetupChoice(
            account=self.account_page.account.text().strip(),
            email=self.account_page.email.text().strip() or None,
            key_file=self.key_page.chosen(),
            smtp=self.smtp_page.settings(),
        )

    def summary_text(self) -> str:
        choice = self.choice()
        key = (
            self.tr("key file %1").replace("%1", str(choice.key_file))
            if choice.key_file
            else self.tr("the OS keyring")
        )
        smtp = (
            f"{choice.smtp.host}:{choice.smtp.port} ({choice.smtp.security})"
            if choice.smtp
            else self.tr("not now")
        )
        return "\n".join((
            self.tr("Account: %1").replace("%1", choice.account),
            self.tr("Email: %1").replace("%1", choice.email or "—"),
            self.tr("Secrets key: %1").replace("%1", key),
            self.tr("SMTP: %1").replace("%1", smtp),
            self.tr("Store: %1").replace("%1", self._services.settings.describe_store()),
        ))  # fmt: skip

    def create(self) -> None:
        """Create the account on a worker (hashing the password never runs here)."""
        if self.creating:
            return
        self.creating = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.create_page.progress.setText(self.tr("Creating the account…"))
        self.create_page.error.clear()
        services, opener, choice = self._services, self._open, self.choice()
        password = self.password_page.password.text()
        self._runner.run(
            lambda: set_up(services, opener, choice, password),
            self._on_created,
            self._on_failed,
            context=self,
        )

    def _on_created(self, outcome: SetupOutcome) -> None:
        self.creating = False
        self.outcome = outcome
        for line in (self.password_page.password, self.password_page.confirm,
                     self.smtp_page.password):  # fmt: skip
            line.clear()
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.creating = False
        self.create_page.progress.clear()
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.button(QWizard.WizardButton.BackButton).setEnabled(True)
        target = _PAGE_OF_FIELD.get(getattr(exc, "field", None) or "", CREATE_PAGE)
        while self.currentId() > target:
            self.back()
        page = self.page(self.currentId())
        assert isinstance(page, _Page)
        page.error.show_error(exc)


_PAGE_OF_FIELD = {
    "account": ACCOUNT_PAGE,
    "name": ACCOUNT_PAGE,
    "email": ACCOUNT_PAGE,
    "mobile": ACCOUNT_PAGE,
    "password": PASSWORD_PAGE,
    "key_file": KEY_PAGE,
    "host": SMTP_PAGE,
    "port": SMTP_PAGE,
    "security": SMTP_PAGE,
    "username": SMTP_PAGE,
    "sender": SMTP_PAGE,
}
