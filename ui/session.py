"""The signed-in console: services, operator and task runner in one object, and one change
signal every view listens to (as Anki's operations announce ``operation_did_execute``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from app.services import Services
from app.services.records import Actor
from ui.tasks import TaskRunner


@dataclass(frozen=True)
class Change:
    """What a successful change touched.

    Attributes:
        user: the user changed, or None when many (or unknown) users changed.
        initiator: the object that asked for it (a view skips re-reading what it showed).
        deleted: the user no longer exists.
    """

    user: str | None
    initiator: object | None = None
    deleted: bool = False

    def concerns(self, user_name: str) -> bool:
        """True when a view of ``user_name`` must read again."""
        return self.user is None or self.user == user_name


class ConsoleSession(QObject):
    """The operator's console session, handed to every page, tab and dialog.

    Args:
        services: the service layer (called only through ``run``/``change``).
        runner: runs every service call off the GUI thread.
        actor: the signed-in operator.

    Signals:
        changed(Change): a change went through; each view decides whether it must re-read.
    """

    changed = Signal(object)

    def __init__(self, services: Services, runner: TaskRunner, actor: Actor,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.services, self.runner, self.actor = services, runner, actor

    def run(self, fn: Callable[[Services, Actor], Any],
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None, *,
            context: QObject | None = None, blocking_io: bool = False) -> None:  # fmt: skip
        """Read: call ``fn(services, actor)`` on a worker, answer on the GUI thread."""
        services, actor = self.services, self.actor
        self.runner.run(lambda: fn(services, actor), on_done, on_error,
                        context=context, blocking_io=blocking_io)  # fmt: skip

    def change(self, fn: Callable[[Services, Actor], Any], change: Change,
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None, *,
               context: QObject | None = None, blocking_io: bool = False) -> None:  # fmt: skip
        """Write: like ``run``; on success ``on_done`` (if its context lives), then
        ``changed`` is emitted, whatever became of the widget that asked."""
        services, actor = self.services, self.actor

        def _done(result: Any) -> None:
            if on_done is not None and (context is None or _alive(context)):
                on_done(result)
            self.changed.emit(change)

        def _failed(error: Exception) -> None:
            if on_error is not None and (context is None or _alive(context)):
                on_error(error)

        self.runner.run(lambda: fn(services, actor), _done, _failed, context=self,
                        blocking_io=blocking_io)  # fmt: skip

    def announce(self, change: Change) -> None:
        """Tell the views about a change made another way (a dialog's own call)."""
        self.changed.emit(change)


def _alive(obj: QObject) -> bool:
    return shiboken6.isValid(obj)
