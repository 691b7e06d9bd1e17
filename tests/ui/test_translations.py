"""Translations: every message of the .ts translated with its placeholders, the shipped .qm
compiled from it, the .ts in step with the code, and the real windows speaking Simplified
Chinese with no English left on screen (tests/ui/test_screenshots.py pictures them).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pyotp
import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTabBar,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from app.clock import FrozenClock
from app.services import Services
from app.services.records import Actor, SignInResult
from tests.conftest import ROOT_PASSWORD
from tests.ui.helpers import SQLITE_ONLY, WAIT
from ui import i18n
from ui.main_window import MainWindow
from ui.session import ConsoleSession
from ui.startup.first_run_wizard import CREATE_PAGE, PASSWORD_PAGE, FirstRunWizard
from ui.startup.sign_in_dialog import SignInDialog
from ui.tasks import TaskRunner
from ui.user_details.details_dialog import SECURITY, UserDetailsDialog

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "resources" / "translations"
UPDATE_SCRIPT = TRANSLATIONS / "update.py"
UPDATE_HINT = "run `.venv/bin/python resources/translations/update.py`, translate what it adds"
SQLITE = SQLITE_ONLY

# Words that stay as they are in Chinese: the product's name, protocols, acronyms, key names.
PROPER = (
    "IAMDESK_KEY_FILE", "IAMDESK_LANG", "IAM Desk", "Windows Hello", "AAGUID", "STARTTLS",
    "iamctl", "SMTP", "MFA", "IAM", "CSV", "API", "URL", "PIN", "USB", "TLS", "SQLite",
    "PostgreSQL", "ID", "F5", "Windows",
)  # fmt: skip
# Views whose cells are stored records (audit actions and details are identifiers and JSON).
DATA_VIEWS = ("QTableWidget 'auditTable' cells",)
DATA = re.compile(r"https?://\S*|\S+@\S+|(?:/[\w.-]+)+|[A-Z]:\\\S*")  # URLs, addresses, paths
PLACEHOLDER = re.compile(r"%(?:\d+|n|L\d+)")
MNEMONIC = re.compile(r"&(?!&)(.)")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _update_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("iamdesk_translations_update", UPDATE_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


update = _update_module()


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    numerus: bool
    kind: str | None  # the translation's type: None when finished
    forms: tuple[str, ...]


def _messages(path: Path) -> list[Message]:
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            numerus = message.get("numerus") == "yes"
            forms = (
                tuple(form.text or "" for form in translation.iter("numerusform"))
                if numerus
                else (translation.text or "",)
            )
            found.append(Message(
                name, message.findtext("source", ""), message.findtext("comment", ""),
                numerus, translation.get("type"), forms,
            ))  # fmt: skip
    return found


def _key(message: Message) -> tuple[str, str, str, bool]:
    return message.context, message.source, message.comment, message.numerus


# --- the catalogs ------------------------------------------------------------------------


@pytest.mark.parametrize("language", list(update.LANGUAGES))
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    messages = _messages(update.ts_path(language))
    assert messages, "an empty catalog"
    forms = 1 if language == "zh_CN" else 2
    problems = []
    for m in messages:
        where = f"[{m.context}] {m.source!r}"
        if m.kind is not None:
            problems.append(f"{where}: {m.kind}")
            continue
        if m.numerus and len(m.forms) != forms:
            problems.append(f"{where}: {len(m.forms)} plural forms, {language} has {forms}")
        for text in m.forms:
            if not text.strip():
                problems.append(f"{where}: empty translation")
                continue
            wanted = Counter(PLACEHOLDER.findall(m.source))
            if m.numerus:
                wanted["%n"] = 1  # every form names the number
            got = Counter(PLACEHOLDER.findall(text))
            if m.numerus and language != "zh_CN":
                got["%n"] = min(got["%n"], 1)  # "1 key" may spell the number out; fine
            if got != wanted:
                problems.append(f"{where}: placeholders {dict(got)} ≠ {dict(wanted)}: {text!r}")
            if len(MNEMONIC.findall(m.source)) != len(MNEMONIC.findall(text)):
                problems.append(f"{where}: the &-mnemonic is lost or doubled: {text!r}")
            if sorted(TAG.findall(m.source)) != sorted(TAG.findall(text)):
                problems.append(f"{where}: the rich-text tags differ: {text!r}")
            if m.source.endswith("…") != text.endswith("…"):
                problems.append(f"{where}: the ellipsis (a dialog follows) is lost: {text!r}")
    assert not problems, "\n".join(problems)


def test_chinese_mnemonics_follow_the_label() -> None:
    """Chinese menus show the mnemonic after the label: "文件(&F)" for "&File"."""
    for m in _messages(update.ts_path("zh_CN")):
        found = MNEMONIC.search(m.source)
        if found:
            assert m.forms[0].endswith(f"(&{found.group(1).upper()})"), (m.source, m.forms)


@pytest.mark.parametrize("language", list(update.LANGUAGES))
def test_the_shipped_qm_is_the_ts_compiled(language: str, tmp_path: Path) -> None:
    fresh = tmp_path / update.qm_path(language).name
    update.lrelease(update.ts_path(language), fresh)
    assert update.qm_path(language).read_bytes() == fresh.read_bytes(), (
        f"{update.qm_path(language).name} is stale: {UPDATE_HINT}"
    )


@pytest.mark.parametrize("language", list(update.LANGUAGES))
def test_the_ts_has_every_string_the_code_shows(language: str, tmp_path: Path) -> None:
    fresh = tmp_path / update.ts_path(language).name
    shutil.copyfile(update.ts_path(language), fresh)
    update.lupdate(fresh, language)
    committed = {_key(m) for m in _messages(update.ts_path(language))}
    found = {_key(m) for m in _messages(fresh)}
    new = sorted(found - committed)
    gone = sorted(committed - found)
    assert not new and not gone, (
        f"{update.ts_path(language).name} is out of step with ui/: {UPDATE_HINT}.\n"
        + "".join(f"  new: [{c}] {s!r}\n" for c, s, _, _ in new)
        + "".join(f"  gone: [{c}] {s!r}\n" for c, s, _, _ in gone)
    )


def test_no_call_hides_its_context_from_lupdate() -> None:
    """``obj.tr(...)`` on a variable or ``self.tr(variable)``: lupdate files the text under
    another context (or not at all), so it would never show translated."""
    _, findings = update.scan(update.sources())
    assert not findings, "\n".join(str(f) for f in findings)


# --- the language choice -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "language"),
    [("zh_CN", "zh_CN"), ("zh-CN", "zh_CN"), ("zh_CN.UTF-8", "zh_CN"), ("zh_Hans_CN", "zh_CN"),
     ("zh", "zh_CN"), ("en", "en"), ("en_GB.UTF-8", "en"), ("C", "en"), ("zh_TW", None),
     ("de_DE", None), ("", None)],
)  # fmt: skip
def test_locale_names(name: str, language: str | None) -> None:
    assert i18n.normalize(name) == language


def test_environment_beats_the_workstation_choice_which_beats_the_system() -> None:
    i18n.save_language("zh_CN")
    assert i18n.chosen_language({}) == "zh_CN"
    assert i18n.chosen_language({i18n.ENV_LANG: "en"}) == "en"
    assert i18n.chosen_language({i18n.ENV_LANG: "klingon"}) == "zh_CN"  # ignored, logged
    i18n.save_language("")
    assert i18n.chosen_language({}) == i18n.system_language()


def test_runtime_contexts_match_lupdates(chinese: None) -> None:
    """PySide6 looks ``self.tr`` up under the runtime class and then its bases (a subclass
    finds its base's strings); module helpers use QCoreApplication.translate's context."""
    from ui.pages.outbox_page import _STATUS
    from ui.users import bulk_actions
    from ui.users.user_table_model import _t

    assert _t("Locked") == "已锁定"
    assert _STATUS["queued"]() == "排队中"
    assert bulk_actions._t("Enabled") == "已启用"
    assert QApplication.translate("UserTableModel", "%n key(s)", "", 3) == "3 个安全密钥"

    class Subclassed(MainWindow):  # never built: only tr's lookup is exercised
        pass

    assert Subclassed.tr("Navigation") == "导航"


@SQLITE
def test_language_menu_keeps_the_choice_for_the_next_start(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes: list[str] = []
    monkeypatch.setattr(window, "_note_language", notes.append)
    monkeypatch.delenv(i18n.ENV_LANG, raising=False)
    actions = {a.objectName(): a for a in window.language_actions.actions()}
    assert set(actions) == {"language_system", "language_en", "language_zh_CN"}
    assert actions["language_system"].isChecked()
    actions["language_zh_CN"].trigger()
    assert i18n.saved_language() == "zh_CN" and i18n.chosen_language({}) == "zh_CN"
    assert notes and "next time" in notes[0] and "下次启动时使用简体中文" in notes[0]
    monkeypatch.setenv(i18n.ENV_LANG, "en")
    actions["language_system"].trigger()
    assert i18n.saved_language() == "" and "IAMDESK_LANG=en" in notes[-1]


# --- the windows in Chinese ------------------------------------------------------------------


@pytest.fixture
def store(services: Services, root: Actor, clock: FrozenClock) -> Services:
    """A few users; alice has a virtual MFA device, an access key and login protection."""
    services.users.create(root, "alice", email="alice@example.com", mobile="+8613800138000",
                          display_name="Alice Wong")  # fmt: skip
    services.users.create(root, "zhang.wei", email="zhang.wei@example.com", display_name="张伟",
                          role="helpdesk")  # fmt: skip
    services.users.create(root, "li.na", mobile="+8613912345678")
    services.users.set_enabled(root, "li.na", False)
    enrollment = services.mfa.bind(root, "alice")
    totp = pyotp.TOTP(enrollment.secret)
    first = totp.at(clock.now())
    clock.advance(seconds=30)
    services.mfa.confirm(root, "alice", first, totp.at(clock.now()))
    services.protection.set(root, "alice", method="mfa")
    services.access_keys.create(root, "alice")
    services.passwords.reset(root, "alice", "set-now", new_password="Xylophone-Quartz-77")
    return services


def _data_words(services: Services) -> tuple[str, ...]:
    """What the store holds (names, addresses): shown as it is in any language."""
    return (services.settings.describe_store(), "acme", "alice", "Alice Wong", "zhang.wei",
            "li.na", "example.com")  # fmt: skip


@pytest.fixture
def window(qtbot: QtBot, store: Services, runner: TaskRunner) -> MainWindow:
    session = store.auth.sign_in("acme", ROOT_PASSWORD)
    assert isinstance(session, SignInResult)
    window = MainWindow(store, runner, session, idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.resize(1200, 720)
    window.show()
    model = window.users.model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=WAIT)
    qtbot.waitUntil(lambda: "…" not in _cells(model), timeout=WAIT)  # MFA and key counts
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    return window


@pytest.fixture
def sign_in(qtbot: QtBot, store: Services, runner: TaskRunner) -> SignInDialog:
    dialog = SignInDialog(store, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def details(qtbot: QtBot, store: Services, runner: TaskRunner, root: Actor) -> UserDetailsDialog:
    dialog = UserDetailsDialog(ConsoleSession(store, runner, root), "alice", tab=SECURITY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: getattr(dialog.security, "state", None) is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    return dialog


def _cells(model: QAbstractItemModel) -> str:
    return " ".join(
        str(model.index(row, column).data() or "")
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    )


def _texts(top: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of interface text visible in ``top``."""

    def shown(widget: QWidget) -> bool:
        return widget is top or widget.isVisibleTo(top)

    def actions(owner: str, items: Iterable[QAction]) -> Iterator[tuple[str, str]]:
        for action in items:
            if action.isVisible() and not action.isSeparator():
                yield f"{owner} action {action.objectName()}", action.text()
                menu = action.menu()
                if isinstance(menu, QMenu):
                    yield from actions(f"{owner} menu", menu.actions())

    yield "window title", top.windowTitle()
    widgets = [top, *top.findChildren(QWidget)]
    for w in widgets:
        if not shown(w) or w.isWindow() and w is not top:
            continue
        name = f"{type(w).__name__} {w.objectName()!r}"
        if isinstance(w, QLabel):
            yield name, w.text()
        elif isinstance(w, QAbstractButton):
            yield name, w.text()
            menu = getattr(w, "menu", lambda: None)()  # QPushButton, QToolButton
            if isinstance(menu, QMenu):
                yield from actions(name, menu.actions())
        elif isinstance(w, QGroupBox):
            yield name, w.title()
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield f"{name} tab {i}", w.tabText(i)
        elif isinstance(w, QLineEdit):
            yield f"{name} placeholder", w.placeholderText()
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield f"{name} item {i}", w.itemText(i)
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                if not w.item(i).isHidden():
                    yield f"{name} item {i}", w.item(i).text()
        elif isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):
            model = w.model()
            for section in range(model.columnCount()):
                header = model.headerData(section, Qt.Orientation.Horizontal)
                yield f"{name} header {section}", str(header or "")
            yield f"{name} cells", _cells(model)
        if w.toolTip():
            yield f"{name} tooltip", w.toolTip()
    menu_bar = getattr(top, "menuBar", None)
    if callable(menu_bar):
        yield from actions("menu bar", menu_bar().actions())


def _english_left(top: QWidget, allowed: Iterable[str]) -> list[str]:
    """Interface text in ``top`` with English words left once the proper nouns and the
    ``allowed`` data are taken out."""
    # Each language is named in itself in the Language menu.
    keep = sorted({*PROPER, *i18n.LANGUAGES.values(), *allowed}, key=len, reverse=True)
    left = []
    for where, text in _texts(top):
        if where.startswith(DATA_VIEWS):
            continue
        rest = re.sub(DATA, " ", TAG.sub(" ", text))
        for word in keep:
            rest = rest.replace(word, " ")
        rest = re.sub(r"\d+", " ", rest)
        words = re.findall(r"[A-Za-z]{2,}", rest)
        if words:
            left.append(f"{where}: {text!r} ({' '.join(words)})")
    return left


@SQLITE
def test_main_window_speaks_chinese(chinese: None, window: MainWindow) -> None:
    navigation = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert navigation == ["用户", "审计日志", "发件箱", "设置"]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "语言(&L)", "帮助(&H)"]
    assert window.users.create_button.text() == "创建用户"
    model = window.users.model
    shown = [c for c in range(model.columnCount()) if not window.users.table.isColumnHidden(c)]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in shown]
    assert headers[:2] == ["用户名", "状态"] and "登录保护" in headers
    assert "已停用" in _cells(model) and "已启用" in _cells(model)
    assert window.operator_label.text() == "已登录：acme（根用户）"
    left = _english_left(window, _data_words(window._services))
    assert not left, "English left in the main window:\n" + "\n".join(left)


@SQLITE
@pytest.mark.parametrize("page", [1, 2, 3], ids=["audit", "outbox", "settings"])
def test_the_other_pages_speak_chinese(
    chinese: None, window: MainWindow, page: int, qtbot: QtBot, runner: TaskRunner
) -> None:
    window.show_page(page)
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    left = _english_left(window, _data_words(window._services))
    assert not left, "English left in the main window:\n" + "\n".join(left)


@SQLITE
def test_first_run_wizard_speaks_chinese(
    chinese: None, qtbot: QtBot, services: Services, runner: TaskRunner
) -> None:
    wizard = FirstRunWizard(services, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.windowTitle() == "设置 IAM Desk"
    assert wizard.button(QWizard.WizardButton.NextButton).text().startswith("下一步")
    seen = []
    while True:
        seen.append(wizard.currentId())
        left = _english_left(wizard, ("acme", "office-key-1"))
        assert not left, f"English left on wizard page {wizard.currentId()}:\n" + "\n".join(left)
        if wizard.currentId() == CREATE_PAGE:
            break
        if wizard.currentId() == 0:
            qtbot.keyClicks(wizard.account_page.account, "acme")
        if wizard.currentId() == PASSWORD_PAGE:
            qtbot.keyClicks(wizard.password_page.password, ROOT_PASSWORD)
            qtbot.keyClicks(wizard.password_page.confirm, ROOT_PASSWORD)
        wizard.next()
        assert wizard.currentId() != seen[-1], "the wizard did not go on"


@SQLITE
def test_sign_in_dialog_speaks_chinese(chinese: None, sign_in: SignInDialog) -> None:
    assert sign_in.windowTitle() == "登录 IAM Desk"
    assert sign_in.sign_in_button.text() == "登录"
    left = _english_left(sign_in, ())
    assert not left, "English left in the sign-in dialog:\n" + "\n".join(left)


@SQLITE
def test_security_settings_tab_speaks_chinese(
    chinese: None, details: UserDetailsDialog, store: Services
) -> None:
    tabs = details.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["基本信息", "安全设置"]
    security = details.security
    titles = {box.title() for box in security.findChildren(QGroupBox)}
    assert {"登录凭证", "登录保护", "访问密钥", "临时访问凭证"} <= titles
    assert security.credentials.reset_password_button.text() == "重置"
    assert security.mfa.add_device_button.text() == "添加MFA设备"
    assert "已绑定" in security.mfa.mfa_value.text()
    assert security.protection.protection_method.currentText() == "虚拟MFA设备或安全密钥"
    close = details.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert close.text() == "关闭"  # Qt's own strings: qtbase_zh_CN.qm
    allowed = (*_data_words(store), *(k.access_key_id for k in security.state.access_keys))
    left = _english_left(details, allowed)
    tabs.setCurrentIndex(0)
    left += _english_left(details, allowed)
    assert not left, "English left in the user's details:\n" + "\n".join(left)
