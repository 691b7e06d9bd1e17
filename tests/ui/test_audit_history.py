"""The Audit log for helpdesk questions (issue 13, point 10): filters by user (any case, a
name's beginning), action and time range in the store; "No events"; actions in words and
details as fields; a user's own history one click from the details window; the lock itself."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from pytestqt.qtbot import QtBot

from app.clock import FrozenClock
from app.domain.login_policy import SignInPurpose
from app.domain.roles import Role
from app.domain.vocabulary import ResetMode
from app.errors import IamDeskError
from app.services import Services
from app.services.records import Actor
from tests.ui.helpers import SQLITE_ONLY, WAIT, signed_in_window
from ui.main_window import AUDIT
from ui.pages.audit_filters import Period
from ui.pages.audit_page import AuditPage
from ui.session import ConsoleSession
from ui.tasks import TaskRunner

pytestmark = SQLITE_ONLY
STRONG = "Xylophone-Quartz-77"


@pytest.fixture
def history(services: Services, root: Actor, clock: FrozenClock) -> Services:
    """alice and alice.w made a day ago, bob now; alice locked herself out at the portal."""
    for name in ("Alice", "alice.w"):
        services.users.create(
            root,
            name,
            email=f"{name.lower()}@example.com",
            role=(Role.HELPDESK if name == "alice.w" else Role.NONE).value,
        )
    services.passwords.reset(root, "Alice", ResetMode.SET_NOW, new_password=STRONG,
                             must_change=False)  # fmt: skip
    for _ in range(5):
        with pytest.raises(IamDeskError):
            services.sign_in.begin("alice", "Wrong-Password-0", purpose=SignInPurpose.PORTAL)
    clock.advance(days=1)
    services.users.create(root, "bob")
    services.users.set_enabled(root, "bob", False)
    return services


def _page(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor) -> AuditPage:
    page = AuditPage(ConsoleSession(services, runner, root))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.table.rowCount() > 0 and not page.loading, timeout=WAIT)
    return page


def _column(page: AuditPage, column: int) -> list[str]:
    return [page.table.item(r, column).text() for r in range(page.table.rowCount())]


def _reload(qtbot: QtBot, page: AuditPage, change) -> None:  # type: ignore[no-untyped-def]
    change()
    qtbot.waitUntil(lambda: not page.loading, timeout=WAIT)


def test_filters_by_user_prefix_any_case_action_and_time(
    qtbot: QtBot, history: Services, runner: TaskRunner, root: Actor
) -> None:
    page = _page(qtbot, history, runner, root)
    filters = page.filters
    _reload(qtbot, page, lambda: (qtbot.keyClicks(filters.user, "ALI"),
                                  qtbot.keyClick(filters.user, Qt.Key.Key_Return)))  # fmt: skip
    assert set(_column(page, 4)) == {"Alice", "alice.w"}  # never malice or bob
    index = filters.action.findData("user.create")
    _reload(qtbot, page, lambda: filters.action.setCurrentIndex(index))
    assert _column(page, 4) == ["alice.w", "Alice"] and set(_column(page, 3)) == {"User created"}
    filters.action.setCurrentIndex(0)
    filters.user.clear()
    _reload(qtbot, page, lambda: filters.period.setCurrentIndex(Period.HOUR))
    assert _column(page, 4) == ["bob", "bob"]  # a day later: only bob's events are recent
    filters.since.setDateTime(QDateTime(QDate(2025, 12, 1), QTime(0, 0)))  # before any event
    _reload(qtbot, page, lambda: filters.period.setCurrentIndex(Period.CUSTOM))
    _reload(
        qtbot, page, lambda: filters.until.setDateTime(QDateTime(QDate(2025, 12, 2), QTime(0, 0)))
    )
    assert _column(page, 0) == ["No events"]
    assert page.table.columnSpan(0, 0) == page.table.columnCount()
    assert not page.more_button.isEnabled()


def test_actions_in_words_and_details_as_fields(
    qtbot: QtBot, history: Services, runner: TaskRunner, root: Actor
) -> None:
    page = _page(qtbot, history, runner, root)
    rows = dict(zip(_column(page, 3), _column(page, 5), strict=False))
    assert "User disabled" in rows and "user.disable" not in rows
    created = next(r for r in range(page.table.rowCount())
                   if page.table.item(r, 4).text() == "alice.w")  # fmt: skip
    assert page.table.item(created, 5).text() == (
        "Email set: yes · Mobile set: no · Role: Helpdesk"
    )
    assert page.table.item(created, 3).toolTip() == "user.create"
    assert "{" not in "".join(_column(page, 5))  # no raw JSON
    # the lock itself, in words, with its minutes; the refusals before it, failed
    assert rows["Locked by failed sign-ins"].startswith("Minutes: 15")
    assert "Sign-in (failed)" in rows


def test_a_users_history_is_one_click_from_the_details(
    qtbot: QtBot, history: Services, runner: TaskRunner, root: Actor
) -> None:
    window = signed_in_window(qtbot, history, runner)
    qtbot.waitUntil(lambda: window.users.model.rowCount() > 0, timeout=WAIT)
    dialog = window.users.open_details("alice.w")
    assert dialog.history_button.isVisible()
    qtbot.mouseClick(dialog.history_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentIndex() == AUDIT
    audit = window.audit
    qtbot.waitUntil(lambda: not audit.loading and audit.filters.user.text() == "alice.w",
                    timeout=WAIT)  # fmt: skip
    qtbot.waitUntil(lambda: set(_column(audit, 4)) == {"alice.w"}, timeout=WAIT)
    assert window.users.details is None or not window.users.details.isVisible()


def test_no_history_button_for_a_role_without_the_audit_log(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "olga", role=Role.HELPDESK.value)
    services.passwords.reset(root, "olga", ResetMode.SET_NOW, new_password=STRONG,
                             must_change=False)  # fmt: skip
    services.users.create(root, "carol")
    window = signed_in_window(qtbot, services, runner, "olga", STRONG)
    dialog = window.users.open_details("carol")
    assert not dialog.history_button.isVisible()
    dialog.close()


def test_the_time_range_counts_back_from_the_services_clock(
    qtbot: QtBot, history: Services, runner: TaskRunner, root: Actor, clock: FrozenClock
) -> None:
    page = _page(qtbot, history, runner, root)
    clock.advance(hours=2)
    _reload(qtbot, page, lambda: page.filters.period.setCurrentIndex(Period.HOUR))
    assert _column(page, 0) == ["No events"]
    _reload(qtbot, page, lambda: page.filters.period.setCurrentIndex(Period.DAY))
    assert set(_column(page, 4)) == {"bob"}
