"""Layout and wording (issue 13, point 9): the reset dialog keeps its size in English and
Chinese, "More" is a button like its neighbours, stale notices and "Working on …" clear,
messages start with a capital and use the console's words, Chinese labels use one colon."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleFactory,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.errors import PreconditionError
from app.services import Services
from app.services.records import Actor
from tests.ui.helpers import SQLITE_ONLY, WAIT, click_radio, security_tab, signed_in_window
from ui import i18n
from ui.tasks import TaskRunner
from ui.user_details.security_settings.password_dialog import ResetPasswordDialog
from ui.users import bulk_actions
from ui.users.bulk_actions import BulkResultDialog
from ui.widgets.indicators import VisibleIndicators
from ui.widgets.inline_error import message_of

TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "iamdesk_zh_CN.ts"


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    i18n.install_translators(qapp, request.param)
    yield request.param
    i18n.remove_translators(qapp)
    QLocale.setDefault(QLocale.system())


@SQLITE_ONLY
def test_the_reset_dialog_keeps_its_size_and_clips_nothing(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str,
    language: str,
) -> None:  # fmt: skip
    tab = security_tab(qtbot, services, runner, root, alice)
    qtbot.mouseClick(tab.credentials.reset_password_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, ResetPasswordDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    size = dialog.size()
    for radio in (dialog.mode_now, dialog.mode_auto, dialog.mode_now, dialog.mode_by_user):
        click_radio(qtbot, radio)
        qtbot.wait(20)
        assert dialog.size() == size, radio.objectName()
    click_radio(qtbot, dialog.mode_now)
    qtbot.keyClicks(dialog.new_password, "short")  # a long policy message
    qtbot.wait(20)
    assert dialog.width() == size.width()
    assert dialog.width() >= 520
    for field in (dialog.new_password, dialog.confirm_password):
        assert field.isVisible() and field.width() >= 200, field.objectName()
    # every label and button shows its whole text (nothing is clipped in Chinese)
    for widget in dialog.findChildren(QPushButton) + dialog.findChildren(QRadioButton):
        if widget.isVisible():
            assert widget.width() >= widget.sizeHint().width(), widget.text()
    feedback = dialog.policy_feedback
    assert feedback.height() >= feedback.heightForWidth(feedback.width())
    # no blank gap: the buttons sit right below the last part shown
    buttons = dialog.ok_button.parentWidget()
    layout = dialog.layout()
    above = [layout.itemAt(i).widget() for i in range(layout.count())]
    bottom = max(w.geometry().bottom() for w in above if w is not None and w.isVisible()
                 and w is not buttons)  # fmt: skip
    assert buttons.geometry().top() - bottom < 30
    dialog.reject()


@SQLITE_ONLY
def test_more_is_a_button_like_its_neighbours(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    window = signed_in_window(qtbot, services, runner)
    page = window.users
    assert type(page.more_button) is QPushButton and page.more_button.menu() is not None
    assert page.more_button.height() == page.links_button.height()


@SQLITE_ONLY
def test_working_on_clears_when_the_bulk_action_ends(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    window = signed_in_window(qtbot, services, runner)
    bar = window.users.bulk
    bar.run_bulk("Disable", [alice], bulk_actions.set_enabled(services, root, False))
    assert window.statusBar().currentMessage() == "Working on 1 user(s)…"
    qtbot.waitUntil(lambda: window.findChild(BulkResultDialog) is not None, timeout=WAIT)
    assert window.statusBar().currentMessage() == "Done: 1 of 1 user(s) changed."
    window.findChild(BulkResultDialog).reject()


@SQLITE_ONLY
def test_a_stale_notice_goes_when_the_next_change_starts(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    tab = security_tab(qtbot, services, runner, root, alice)
    qtbot.mouseClick(tab.credentials.reset_password_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert tab.notice.isVisible() and "link" in tab.notice.text()
    tab.credentials._confirm_remove_contact = lambda _field, on_yes: on_yes()  # type: ignore[method-assign]
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        qtbot.mouseClick(tab.credentials.remove_mobile_button, Qt.MouseButton.LeftButton)
    assert not tab.notice.isVisible() and tab.notice.text() == ""


def test_messages_start_with_a_capital_and_use_the_consoles_words(qapp: QApplication) -> None:
    shown = message_of(PreconditionError(code="reset.needs_email", name="bob", mode="auto"))
    assert shown[0].isupper()
    assert shown.startswith("User 'bob' has no email address")
    for jargon in ("set-now", "set-by-user", "bind an email"):
        assert jargon not in shown
    assert message_of(PreconditionError(code="reset.needs_password")).startswith("Type the new")


def test_chinese_labels_use_one_colon_style() -> None:
    text = TS.read_text(encoding="utf-8")
    pairs = re.findall(r"<source>(.*?)</source>\s*<translation[^>]*>(.*?)</translation>", text,
                       re.S)  # fmt: skip
    labels = [(html.unescape(s), html.unescape(t)) for s, t in pairs if s.endswith(":")]
    assert len(labels) > 40
    wrong = [(s, t) for s, t in labels if not t.endswith("：")]
    assert not wrong, wrong
    mixed = [t for _s, t in pairs if re.search(r"[\u4e00-\u9fff]:|:[\u4e00-\u9fff]", t)]
    assert not mixed, mixed


def _indicator_contrast(style: QStyle, widget: QCheckBox | QRadioButton) -> int:
    """The largest lightness difference between the indicator's pixels and the window."""
    widget.setStyle(style)
    widget.setPalette(_dark())
    widget.resize(widget.sizeHint())
    image = widget.grab().toImage()
    option = QStyleOptionButton()
    widget.initStyleOption(option)
    element = (QStyle.SubElement.SE_RadioButtonIndicator if isinstance(widget, QRadioButton)
               else QStyle.SubElement.SE_CheckBoxIndicator)  # fmt: skip
    rect = style.subElementRect(element, option, widget)
    window = _dark().color(QPalette.ColorRole.Window).lightness()
    return max(abs(image.pixelColor(x, y).lightness() - window)
               for x in range(rect.left(), rect.right() + 1)
               for y in range(rect.top(), rect.bottom() + 1))  # fmt: skip


def _dark() -> QPalette:
    palette = QPalette(QColor("#3a3a3a"), QColor("#2f2f2f"))
    for role, color in ((QPalette.ColorRole.Window, "#2f2f2f"),
                        (QPalette.ColorRole.WindowText, "#e6e6e6"),
                        (QPalette.ColorRole.Base, "#1a1a1a"),
                        (QPalette.ColorRole.Text, "#e6e6e6")):  # fmt: skip
        palette.setColor(role, QColor(color))
    return palette


def test_check_boxes_and_radio_buttons_show_in_a_dark_palette(qtbot: QtBot) -> None:
    plain = QStyleFactory.create("Fusion")
    visible = VisibleIndicators(QStyleFactory.create("Fusion"))
    for make in (lambda: QRadioButton("Set now"), lambda: QCheckBox("Must change")):
        before, after = make(), make()
        qtbot.addWidget(before)
        qtbot.addWidget(after)
        weak, strong = _indicator_contrast(plain, before), _indicator_contrast(visible, after)
        assert strong >= 60 and strong > weak, (type(before).__name__, weak, strong)
        light = make()
        qtbot.addWidget(light)
        light.setStyle(visible)  # a light palette is drawn as Fusion draws it
        assert light.grab().toImage() == _grab_with(plain, make, qtbot)


def _grab_with(style: QStyle, make: Callable[[], QWidget], qtbot: QtBot) -> QImage:
    widget = make()
    qtbot.addWidget(widget)
    widget.setStyle(style)
    return widget.grab().toImage()
