"""`iamctl key devices|add|list|unbind`: FIDO2 security keys enrolled over USB."""

from __future__ import annotations

import argparse
import threading
from typing import Any

from app.cli.context import CliContext
from app.cli.output import print_json, print_table
from app.cli.replies import reply
from app.cli.session import read_secret
from app.devices.fido import KeyDevice, list_devices
from app.domain.names import validate_key_name
from app.errors import DeviceError, ValidationError

WAIT_STEP = 0.2  # seconds between checks for Ctrl+C while the key works


def devices(ctx: CliContext, args: argparse.Namespace) -> int:
    found = list_devices()
    if args.json:
        print_json(ctx.stdout, [{"id": d.id, "product": d.product, "has_pin": d.has_pin}
                                for d in found])  # fmt: skip
    elif not found:
        ctx.say("No security key is plugged in.")
    else:
        print_table(ctx.stdout, ("id", "product", "pin"),
                    [(d.id, d.product, d.has_pin) for d in found])  # fmt: skip
    return 0


def add(ctx: CliContext, args: argparse.Namespace) -> int:
    actor = ctx.actor()
    validate_key_name(args.name_of_key)  # before asking for a device or a touch
    device = choose_device(list_devices(), args.device)
    if device is not None and device.has_pin and not args.pin_stdin:
        raise DeviceError(code="key.pin_needed", field="pin")
    pin = read_secret(ctx.stdin, what="PIN") if args.pin_stdin else None
    interaction = _TerminalInteraction(ctx, pin)
    cancel = threading.Event()
    record = _wait_for(
        lambda: ctx.services.security_keys.add(
            actor, args.name, args.name_of_key, device, interaction, cancel
        ),
        cancel,
    )
    if args.json:
        print_json(ctx.stdout, record)
    else:
        ctx.say(f"Security key {record.name} added to {args.name}.")
    return 0


def list_keys(ctx: CliContext, args: argparse.Namespace) -> int:
    keys = ctx.services.security_keys.list(ctx.actor(), args.name)
    if args.json:
        print_json(ctx.stdout, keys)
    else:
        print_table(ctx.stdout, ("name", "aaguid", "added", "last used", "sign count"),
                    [(k.name, k.aaguid, k.created_at, k.last_used_at, k.sign_count)
                     for k in keys])  # fmt: skip
    return 0


def unbind(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.services.security_keys.unbind(ctx.actor(), args.name, args.key_name, confirm=args.confirm)
    line = f"Security key {args.key_name} unbound from {args.name}."
    return reply(ctx, args, line, {"name": args.name, "key_name": args.key_name, "unbound": True})


def choose_device(found: list[KeyDevice], wanted: str | None) -> KeyDevice | None:
    """The key to use: the only one plugged in, or the one ``--device`` names."""
    if wanted:
        for device in found:
            if device.id == wanted:
                return device
        raise ValidationError(code="key.device_not_found", field="device", device=wanted)
    if not found:
        raise DeviceError(code="key.none_plugged")
    if len(found) > 1:
        ids = ", ".join(d.id for d in found)
        raise ValidationError(code="key.several_plugged", field="device", count=len(found), ids=ids)
    return found[0]


class _TerminalInteraction:
    def __init__(self, ctx: CliContext, pin: str | None) -> None:
        self._ctx = ctx
        self._pin = pin

    def touch_requested(self) -> None:
        self._ctx.say("Touch your security key now (Ctrl+C cancels).")
        self._ctx.stdout.flush()

    def pin_requested(self) -> str | None:
        if self._pin is None:
            raise DeviceError(code="key.pin_needed", field="pin")
        pin, self._pin = self._pin, None  # a wrong PIN is not retried
        return pin


def _wait_for(work: Any, cancel: threading.Event) -> Any:
    """Run ``work`` on a thread so Ctrl+C can set ``cancel`` (the key stops waiting)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed back to the main thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="security-key", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(WAIT_STEP)
    except KeyboardInterrupt:
        cancel.set()
        worker.join(10)
        raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
