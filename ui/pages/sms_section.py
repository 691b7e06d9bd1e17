"""The SMS gateway's fields on the Settings page: built-in (stored) or HTTP, and a test SMS."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QComboBox, QPushButton

from app.config import SmsGatewayKind
from app.domain.vocabulary import OutboxStatus
from app.services.sms_settings import SmsGatewayView
from ui.session import ConsoleSession
from ui.widgets.icons import icon

if TYPE_CHECKING:
    from ui.pages.settings_page import _Section


class SmsGatewayForm(QObject):
    """Fills a Settings section with the gateway's fields. The bearer token never comes back
    to the screen: its field stays empty ("stored; type to replace") and empty keeps it.

    Args:
        section: the titled form (with Save) to fill.
        services, runner, actor: to send a test SMS on a worker.
    """

    def __init__(self, section: _Section, session: ConsoleSession) -> None:
        super().__init__(section)
        self._section = section
        self._services, self._runner, self._actor = (session.services, session.runner,
                                                    session.actor)  # fmt: skip
        self.gateway = QComboBox()
        self.gateway.setObjectName("smsGateway_gateway")
        self.gateway.addItem(self.tr("Built-in: keep messages in the outbox"),
                             SmsGatewayKind.STORED.value)  # fmt: skip
        self.gateway.addItem(self.tr("HTTP gateway (JSON POST)"), SmsGatewayKind.HTTP.value)
        self.gateway.setAccessibleName(self.tr("Gateway:"))
        section.form.addRow(self.tr("Gateway:"), self.gateway)
        section.errors.add("sms_gateway", section.error, self.gateway)
        self.url = section.line("url", self.tr("URL:"))
        self.url.setPlaceholderText("https://sms.example.com/v1/send")
        self.token = section.line("token", self.tr("Bearer token:"), secret=True)
        self.timeout = section.spin("timeout", self.tr("Timeout (seconds):"), 1, 60)
        self.timeout.setValue(10)
        self.test_to = section.line("test_to", self.tr("Send a test SMS to:"))
        self.test_to.setPlaceholderText("+8613800138000")
        section.errors.add("mobile", section.error, self.test_to)
        self.test_button = QPushButton(icon("mail"), self.tr("Test"))
        self.test_button.setObjectName("smsGatewayTest")
        self.test_button.clicked.connect(self.send_test)
        section.buttons.insertWidget(1, self.test_button)
        self.gateway.currentIndexChanged.connect(self._on_gateway_changed)
        self._on_gateway_changed()

    def load(self, view: SmsGatewayView) -> None:
        self.gateway.setCurrentIndex(max(0, self.gateway.findData(view.gateway.value)))
        self.url.setText(view.url or "")
        self.timeout.setValue(round(view.timeout or 10))
        self.token.clear()
        self.token.setPlaceholderText(self.tr("stored; type to replace") if view.token_set else "")

    def kind(self) -> SmsGatewayKind:
        return SmsGatewayKind(self.gateway.currentData())

    def take_values(self) -> dict[str, object]:
        """The form as ``SmsSettingsService.set`` keywords; the token field is emptied."""
        token = self.token.text()
        self.token.clear()
        if self.kind() is SmsGatewayKind.STORED:
            return {}
        return {"url": self.url.text().strip(), "token": token or None,
                "timeout": float(self.timeout.value())}  # fmt: skip

    @Slot()
    def _on_gateway_changed(self) -> None:
        http = self.kind() is SmsGatewayKind.HTTP
        for widget in (self.url, self.token, self.timeout):
            widget.setEnabled(http)

    @Slot()
    def send_test(self) -> None:
        """Send through the saved gateway on a worker (HTTP never runs on the GUI thread)."""
        services, actor, to = self._services, self._actor, self.test_to.text().strip()
        section = self._section
        section.errors.clear()
        section.note.setText(self.tr("Testing…"))
        self.test_button.setEnabled(False)

        def _done(status: str) -> None:
            self.test_button.setEnabled(True)
            section.note.setText(
                self.tr("The built-in gateway stores messages only: nothing was sent.")
                if status == OutboxStatus.STORED
                else self.tr("The gateway accepted a test SMS for %1.").replace("%1", to)
            )

        def _failed(exc: Exception) -> None:
            self.test_button.setEnabled(True)
            section.note.clear()
            section.errors.show(exc)

        self._runner.run(lambda: services.sms_settings.send_test(actor, to), _done, _failed,
                         blocking_io=True, context=self)  # fmt: skip
