"""How `iamctl` says a refusal: the catalogue's sentence plus a command-line hint, or JSON.

The services' sentences name no command or flag; the hints below do, at the command line's
edge, as ykman's CLI turns an error code into its own line.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from app.errors import IamDeskError
from app.messages import fill

# code → what to do about it on the command line ({param}s as in the catalogue)
HINTS: dict[str, str] = {
    "user.not_found": "check the name with `iamctl user list`",
    "account.exists": "sign in with `iamctl login` instead",
    "account.missing": "run `iamctl init` first",
    "session.expired": "sign in with `iamctl login NAME --password-stdin`",
    "token.invalid": "get a new one with `iamctl token USER`",
    "smtp.not_configured": "set it with `iamctl smtp set`",
    "smtp.test_needs_recipient": "add --to ADDR",
    "signin.api_needs_code": "run again with --code",
    "signin.token_needs_totp": "give it with --code",
    "reset.helpdesk_must_change": "drop --must-change no",
    "signin.needs_code": "run again with --code and the 6-digit code it shows",
    "signin.code_sent": "finish with `iamctl login {principal} --password-stdin --code CODE`",
    "reset.needs_password": "give --password-stdin and pipe it in",
    "reset.password_not_wanted": "drop --password-stdin",
    "reset.auto_must_change": "drop --must-change no, or use --mode set-now",
    "reset.email_only_set_now": "drop --email",
    "contact.nothing": "give --email, --mobile, or both",
    "protection.nothing": "give --method off|sms|email|mfa, --api on|off, or both",
    "policy.nothing": "e.g. --min-length 10 or --max-failures 5 (see `iamctl policy set --help`)",
    "key.pin_needed": "--pin-stdin reads it from standard input",
    "key.device_not_found": "see `iamctl key devices`",
    "key.several_plugged": "choose one with --device",
    "key.confirm_word": "give --confirm {word}",
    "accesskey.confirm_active": "give --confirm ACCESS_KEY_ID",
    "input.stdin_empty": (
        "pipe it in, e.g. `printf '%s\\n' \"$SECRET\" | iamctl ... --password-stdin`"
    ),
    "vault.key_file_missing": "`iamctl init` creates it",
    "vault.key_file_owner": "or `chown` it after checking where it came from",
    "password.change_first": "run `iamctl password change --password-stdin`",
    "permission_set.several": "give --permission-set",
}


def hint_for(error: IamDeskError) -> str | None:
    """The command-line hint for ``error``'s code, when it has one."""
    template = HINTS.get(error.code)
    return fill(template, error.params) if template else None


def line_for(error: IamDeskError) -> str:
    """The one stderr line (without the ``iamctl:`` prefix)."""
    hint = hint_for(error)
    return f"{error.message} — {hint}" if hint else error.message


def as_json(error: IamDeskError) -> dict[str, Any]:
    """``{"error": {"code", "message", "field"}}`` (``hint`` too when the CLI has one)."""
    body: dict[str, Any] = {"code": error.code, "message": error.message, "field": error.field}
    hint = hint_for(error)
    if hint:
        body["hint"] = hint
    return {"error": body}


def write_refusal(stderr: TextIO, error: IamDeskError, *, json_wanted: bool) -> None:
    """Write ``error`` to ``stderr``: one ``iamctl: ...`` line, or one JSON object."""
    if json_wanted:
        stderr.write(json.dumps(as_json(error), ensure_ascii=False) + "\n")
    else:
        stderr.write(f"iamctl: {' '.join(line_for(error).split())}\n")
    stderr.flush()
