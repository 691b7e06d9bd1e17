"""The one catalogue of refusals: a stable code → the English sentence, with ``{param}``s.

Sentences are neutral about the front end: no command names, no flags, no widget names.
``iamctl`` adds its hints at its edge (app/cli/refusals.py); the console translates each
sentence through the Qt catalogue (context ``ErrorMessages``, resources/translations) and
fills in the same ``{param}``s.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CATALOGUE: dict[str, str] = {
    # --- the classes' own codes, for refusals raised with a plain sentence ---------------
    "error": "the operation was refused",
    "input.invalid": "an input is not valid",
    "policy.violation": "the value breaks the account's policy",
    "not_found": "it does not exist",
    "conflict": "the change collides with existing data",
    "limit.exceeded": "a per-user limit would be exceeded",
    "precondition": "something else must be done first",
    "permission.denied": "your role does not allow this; ask an administrator",
    "signin.failed": "the sign-in failed",
    "signin.locked": "too many failed sign-ins: this user is locked for now",
    "vault.unavailable": "no key to protect secrets is available on this workstation",
    "delivery.failed": "the message could not be delivered; it stays queued",
    "device.failed": "the security key failed or the operation was cancelled",
    "internal.unexpected": "unexpected error ({kind}); please report it",
    "store.unavailable": "cannot use the store ({store}): {reason}",
    "input.interrupted": "interrupted",
    # --- users -----------------------------------------------------------------------------
    "user.not_found": "there is no user named '{name}'",
    "user.stale": "user '{name}' was changed by someone else — reload and try again",
    "edit.stale": "this user was changed by someone else — reload and try again",
    "edit.collision": (
        "the change collides with a record saved at the same time — reload and try again"
    ),
    "user.name_taken": "a user named '{name}' already exists; choose another name",
    "user.own_role": "you cannot change your own operator role; ask another administrator",
    "user.disable_self": "you cannot disable the user you are signed in as",
    "user.delete_self": "you cannot delete the user you are signed in as",
    "list.bad_sort": "cannot sort by '{sort}': use {choices}",
    "list.bad_page": "a page holds 1 to {max} users from offset 0 or more",
    "list.bad_status": "status must be {choices}",
    "list.bad_filter": "unknown filter '{filter}': use {choices}",
    "audit.bad_range": "the time range ends before it starts",
    "role.unknown": "unknown operator role '{role}': use {choices}",
    "role.denied": "your role ({role}) may not {permission}; ask an administrator",
    "role.helpdesk_target": (
        "helpdesk operators may not {permission} for a {target} operator; ask an administrator"
    ),
    "role.own_record_only": "you may {permission} only for your own user",
    # --- names and free text ---------------------------------------------------------------
    "name.empty": "the {what} is empty: use {form}",
    "name.too_long": "the {what} has {length} characters; at most {max} are allowed",
    "name.not_allowed": "{what} '{value}' is not allowed: use {form}",
    "text.control_chars": "the {what} may not contain control or invisible characters",
    # --- contacts --------------------------------------------------------------------------
    "email.empty": "the email address is empty",
    "email.too_long": "the email address is longer than {max} characters",
    "email.invalid": "email address '{email}' is not valid: {reason}",
    "email.taken": "email '{email}' is already used by user '{owner}'; use another",
    "email.account_own": "email '{email}' is the account's own email; use another",
    "mobile.empty": "the mobile number is empty: give it in international form, e.g. {example}",
    "mobile.too_long": (
        "the mobile number is too long: give it in international form, e.g. {example}"
    ),
    "mobile.invalid": (
        "mobile number '{mobile}' is not valid: give it in international form, e.g. {example}"
    ),
    "mobile.taken": "mobile number {mobile} is already used by user '{owner}'",
    "mobile.account_own": "mobile number {mobile} is the account's own mobile number",
    "contact.nothing": "give an email address, a mobile number, or both to change",
    "contact.clear_which": "clear either the email or the mobile",
    "contact.needed_by_protection": (
        "login protection of '{name}' sends codes by {method}: change login protection first, "
        "then remove the {field}"
    ),
    # --- passwords -------------------------------------------------------------------------
    "reset.unknown_mode": "unknown reset mode '{mode}': use {choices}",
    "reset.needs_password": "type the new password to set it now",
    "reset.password_not_wanted": "{mode} makes its own password; do not give one",
    "reset.needs_email": (
        "user '{name}' has no email address, and this reset emails the user: add an email "
        "address first, or set the password now and tell the user yourself"
    ),
    "reset.helpdesk_must_change": (
        "a password set by a helpdesk operator must always be changed at next sign-in; ask an "
        "administrator"
    ),
    "reset.auto_must_change": (
        "an automatically generated password must always be changed at next sign-in"
    ),
    "reset.show_only_auto": "only an automatically generated password can be shown once",
    "reset.email_only_set_now": "emailing the new password is for set-now; {mode} always emails",
    "password.none": "user '{name}' has no password to delete",
    "password.delete_own": "you cannot delete your own password while signed in",
    "password.root": "the root operator's password is set with the account, not here",
    "password.current_wrong": "the current password is wrong; type it again",
    "password.too_recent": (
        "the password was changed recently: the policy allows the next change from {earliest} UTC"
    ),
    "password.invalid_text": (
        "the password contains characters that are not valid text; type it again"
    ),
    "password.too_short": "the password must be at least {min} characters; it has {length}",
    "password.too_long": "the password must be at most {max} characters; it has {length}",
    "password.control_chars": (
        "the password may not contain control characters (such as tabs or line breaks) or "
        "unassigned characters; remove them"
    ),
    "password.too_few_types": "the password must mix at least {min} of: {types}; it has {count}",
    "password.repeated": (
        "the password may have the same character at most {max} times in a row; it has {run}"
    ),
    "password.contains_name": (
        "the password may not contain the user name or the user name reversed"
    ),
    "password.contains_context": (
        "the password may not contain a name tied to this account (such as the account name or "
        "the product name); choose something unrelated"
    ),
    "password.common": "the password is on the list of commonly used passwords; choose another",
    "password.pattern": (
        "the password is a repeated or sequential pattern (like aaaaaaaa or 12345678); choose "
        "another"
    ),
    "password.reused_last": (
        "the password was used recently; choose one that differs from the last password"
    ),
    "password.reused": (
        "the password was used recently; choose one that differs from the last {count} passwords"
    ),
    # --- policies and settings -------------------------------------------------------------
    "policy.out_of_range": (
        "{policy} policy {setting} must be a whole number from {low} to {high}; got {value}"
    ),
    "policy.not_bool": "{policy} policy {setting} must be true or false; got {value}",
    "policy.min_age": (
        "password policy min_age_days must be less than max_age_days ({max}); got {min}"
    ),
    "policy.not_object": "the {policy} policy must be an object of settings",
    "policy.unknown_setting": "unknown {policy} policy setting '{setting}'; known: {known}",
    "policy.nothing": "give at least one setting to change",
    "settings.portal_url": (
        "the portal URL must start with https:// (plain http only for localhost)"
    ),
    "settings.relying_party": (
        "the relying party needs an id (a domain) and an https:// origin on that domain"
    ),
    "config.database_url": (
        "unsupported database URL scheme in {variable}: use sqlite:///PATH or "
        "postgresql://USER@HOST:PORT/DB"
    ),
    # --- account and sign-in ---------------------------------------------------------------
    "account.exists": "this store already has an account",
    "account.missing": "this store has no account yet",
    "signin.bad_credentials": (
        "the name or password is wrong (names are case-insensitive; check Caps Lock)"
    ),
    "signin.locked_for": (
        "too many failed sign-ins: locked for {minutes} more minute(s); an operator can unlock "
        "it sooner"
    ),
    "signin.locked_now": (
        "too many failed sign-ins: this user is locked for now; an operator can unlock it"
    ),
    "signin.user_disabled": "user '{name}' is disabled; ask an administrator to enable it",
    "signin.needs_code": "login protection is on for '{name}': give the code from its device",
    "signin.api_needs_code": (
        "API login protection is on for this user: give the code from the virtual MFA device"
    ),
    "signin.mfa_code_wrong": "the MFA code is wrong, expired or already used",
    "signin.code_wrong": "the code is wrong, expired or already used; {left} attempt(s) left",
    "signin.wrong_code": "the code is wrong, expired or already used",
    "signin.key_refused": "the security key was refused ({reason}); {left} attempt(s) left",
    "signin.token_needs_totp": (
        "API login protection is on for this user: a token needs the code from the virtual MFA "
        "device as well as the password"
    ),
    "signin.token_change_first": (
        "the password must be changed before a token is issued: sign in and change it first"
    ),
    "signin.key_options_first": "ask for the security key's options first",
    "signin.no_key_step": "this sign-in does not take a security key",
    "signin.too_many_codes": "too many wrong codes: start again with the password",
    "signin.challenge_expired": (
        "this sign-in has expired or was finished — start again with the password"
    ),
    "signin.resend_unsupported": "only SMS and email codes can be sent again",
    "signin.no_destination": (
        "login protection sends a code by {method}, but '{name}' has no {field}"
    ),
    "signin.code_sent": (
        "a sign-in code is on its way by {method} to {sent_to}: finish within {minutes} minutes"
    ),
    "session.expired": "you are not signed in or your session has expired",
    "token.invalid": "the API token is unknown or has expired",
    "token.user_gone": "the API token's user is disabled or gone",
    "input.stdin_empty": "no {what} on standard input",
    # --- virtual MFA devices ---------------------------------------------------------------
    "mfa.exists": (
        "'{name}' already has a virtual MFA device (one per user): reset or unbind it first"
    ),
    "mfa.needed_by_protection": (
        "login protection of '{name}' uses its virtual MFA device: change login protection first"
    ),
    "mfa.needed_by_api_protection": (
        "API login protection of '{name}' uses its virtual MFA device: change login protection "
        "first"
    ),
    "mfa.not_pending": (
        "'{name}' has no virtual MFA device waiting for confirmation: bind one first"
    ),
    "mfa.codes_wrong": (
        "the two codes do not match this device: enter the code shown now, wait for the next "
        "one, and enter that too (check the phone's clock)"
    ),
    "mfa.device_name_taken": (
        "'{name}' already has an MFA device named '{device}'; choose another name"
    ),
    "mfa.none": "'{name}' has no virtual MFA device",
    "mfa.root_only": "only the root operator manages the root operator's virtual MFA device",
    # --- security keys ---------------------------------------------------------------------
    "key.verify_failed": "the key's answer did not verify ({reason}); try again",
    "key.already_bound": "this security key is already bound; use another key",
    "key.confirm_word": "type {word} to unbind the security key",
    "key.not_found": "user '{name}' has no security key named '{key}'",
    "key.needed_by_protection": (
        "login protection of '{name}' relies on this key (its only MFA device): change login "
        "protection first"
    ),
    "key.limit": "user '{name}' already has {max} security keys: unbind one first",
    "key.name_taken": "user '{name}' already has a security key named '{key}'; choose another name",
    "key.none_for_signin": "user '{name}' has no security key",
    "key.signature_bad": "the security key's signature did not verify",
    "key.cloned": (
        "security key '{key}' reported an old signature counter: it may have been cloned. It "
        "was refused; an administrator should unbind it"
    ),
    "key.none_plugged": "no security key is plugged in: insert one and try again",
    "key.wrong_origin": "the security key answered for another origin",
    "device.cancelled": "cancelled: the security key was not used",
    "device.pin_invalid": (
        "wrong PIN: check it and try again (the key locks after several wrong PINs)"
    ),
    "device.pin_blocked": (
        "the key's PIN is blocked after too many wrong tries: reset the key with its maker's tool"
    ),
    "device.pin_auth_blocked": (
        "too many wrong PINs in a row: unplug the key, plug it back in and try again"
    ),
    "device.already_bound": "this security key is already bound to this user; use another key",
    "device.not_bound": "this security key is not bound to this user",
    "device.timeout": "the key was not touched in time: try again",
    "device.denied": "the key refused the operation",
    "device.pin_not_set": ("this key requires a PIN but has none: set one with its maker's tool"),
    "device.pin_needed": "the key needs its PIN: enter it when asked",
    "device.broken": ("the security key failed ({kind}): unplug it, plug it back in and try again"),
    "key.pin_needed": "this security key has a PIN: give it",
    "key.device_not_found": "no security key '{device}' is plugged in",
    "key.several_plugged": "{count} security keys are plugged in ({ids}): choose one",
    # --- login protection ------------------------------------------------------------------
    "protection.unknown": "unknown login protection '{method}': use {choices}",
    "protection.needs_mobile": (
        "user '{name}' has no mobile number: add one before choosing SMS protection"
    ),
    "protection.needs_email": (
        "user '{name}' has no email: add one before choosing email protection"
    ),
    "protection.needs_mfa": (
        "user '{name}' has no active virtual MFA device: bind and confirm one first"
    ),
    "protection.api_needs_mfa": (
        "API login protection needs an active virtual MFA device: bind one for '{name}' first"
    ),
    "protection.nothing": (
        "give a login protection method, an API login protection setting, or both"
    ),
    # --- access keys and temporary credentials ---------------------------------------------
    "accesskey.limit": "user '{name}' already has {max} access keys: delete one first",
    "accesskey.confirm_active": (
        "access key {key} is active: type its id to confirm the deletion (or disable it first)"
    ),
    "accesskey.not_found": "user '{name}' has no access key '{key}'",
    "tempcred.bad_duration": (
        "the session duration must be from 15 minutes to 12 hours (900 to 43200 seconds)"
    ),
    "tempcred.not_found": "there is no temporary credential '{key}'",
    "permission_set.exists": "a permission set named '{name}' already exists",
    "permission_set.not_found": "there is no permission set named '{name}'",
    "permission_set.not_assigned": (
        "user '{name}' is not assigned to permission set '{set}'; ask an operator"
    ),
    # --- files and import ------------------------------------------------------------------
    "file.unreadable": "cannot read {path}: {reason}",
    "file.not_utf8": "{path} is not UTF-8 text; save it as UTF-8 CSV",
    "file.exists": "{path} already exists: choose a new file name",
    "file.unwritable": "cannot write {path}: {reason}",
    "import.empty": "the file has no users below its header",
    "import.bad_header": "the CSV header must name the columns {columns} (name is required)",
    "import.unknown_column": "unknown column '{column}': the columns are {columns}",
    "import.too_many": "a file holds at most {max} users; split it",
    "import.rejected": (
        "nothing was imported: {first} (bad rows: {count}) — fix the file and import it again"
    ),
    "import.extra_values": "the line has more values than the header has columns",
    "import.taken": "'{value}' is already used in the store",
    "import.repeated": "'{value}' repeats line {first} of the file",
    # --- SMTP, SMS and the outbox ----------------------------------------------------------
    "smtp.not_configured": "SMTP is not configured",
    "smtp.host": "the SMTP host is empty or has spaces",
    "smtp.port": "SMTP port {port} is not between 1 and 65535",
    "smtp.security": "SMTP security must be one of {choices}",
    "smtp.username_password": "give both an SMTP username and a password, or neither",
    "smtp.sender": "the sender address '{sender}' is not valid: {reason}",
    "smtp.no_starttls": (
        "the SMTP server {where} does not offer STARTTLS — choose security 'tls' or 'none'"
    ),
    "smtp.plain_password": (
        "refusing to send the SMTP password unencrypted — choose security 'starttls' or 'tls'"
    ),
    "smtp.login_refused": (
        "the SMTP server refused the login for user '{username}' — check the SMTP username and "
        "password"
    ),
    "smtp.tls_failed": (
        "TLS with {where} failed ({reason}) — check the security mode and the server's certificate"
    ),
    "smtp.refused": "the SMTP server {where} refused: {reason}",
    "smtp.unreachable": "could not reach {where}: {reason} — check the SMTP host and port",
    "smtp.recipient_refused": "the SMTP server refused the recipient '{recipient}'",
    "smtp.send_failed": "sending through {where} failed: {reason}",
    "smtp.test_needs_recipient": (
        "this mailer cannot test a connection alone; give an address to send a test email to"
    ),
    "sms.unknown_gateway": "unknown SMS gateway '{name}'; available: {choices}",
    # --- the vault -------------------------------------------------------------------------
    "vault.key_file_missing": (
        "the key file {path} does not exist: create it with the account, or copy it from the "
        "workstation that created the store"
    ),
    "vault.key_file_readable": (
        "the key file {path} can be read by other users: make it private (chmod 600 {path})"
    ),
    "vault.key_file_invalid": "the key file {path} is not an IAM Desk key file",
    "vault.key_file_exists": (
        "the key file {path} already exists; IAM Desk never overwrites a key file"
    ),
    "vault.key_file_needed": (
        "this store's secrets are wrapped by a key file: set IAMDESK_KEY_FILE to that file "
        "(copy it from the workstation that created the store)"
    ),
    "vault.no_keyring": "no usable OS keyring here: set IAMDESK_KEY_FILE to a key file",
    "vault.keyring_failed": (
        "the OS keyring failed ({reason}): set IAMDESK_KEY_FILE to a key file"
    ),
    "vault.keyring_no_key": (
        "this workstation's keyring has no key for this store: copy it from the workstation "
        "that created the store, or use a key file (IAMDESK_KEY_FILE)"
    ),
    "vault.wrong_key": (
        "the {source} does not match this store: use the key the store was created with"
    ),
    "vault.decrypt_failed": (
        "a stored secret could not be decrypted (it was altered or belongs to another record); "
        "re-create that secret"
    ),
    # --- the HTTP SMS gateway and the portal's address -------------------------------------
    "sms.url_form": (
        "the SMS gateway URL must be https://HOST/PATH (plain http only on this machine)"
    ),
    "sms.url_plain_http": (
        "refusing plain http to {host}: the bearer token would travel unencrypted — use "
        "https:// (plain http only to localhost or 127.0.0.1)"
    ),
    "sms.url_credentials": (
        "put no user name or password in the SMS gateway URL: give the bearer token instead"
    ),
    "sms.url_fragment": "the SMS gateway URL has a fragment (#…) or spaces; remove them",
    "sms.url_port": "the SMS gateway URL has a bad port: '{url}'",
    "sms.url_missing": "give the SMS gateway's URL (https://…)",
    "sms.token_missing": "give the SMS gateway's bearer token",
    "sms.token_too_long": "the bearer token is longer than {max} characters",
    "sms.token_chars": (
        "the bearer token may hold only visible ASCII characters, no spaces or line breaks"
    ),
    "sms.token_unreadable": "cannot open the SMS gateway's token: {reason}",
    "sms.timeout": "the SMS gateway timeout must be {min} to {max} seconds",
    "sms.http_not_configured": "the HTTP SMS gateway has no URL and token",
    "sms.refused": "the SMS gateway {where} refused the message: HTTP {status} {reason}",
    "sms.timed_out": (
        "the SMS gateway {where} did not answer within {timeout} s — it stays queued and is retried"
    ),
    "sms.tls_failed": "TLS with the SMS gateway {where} failed ({reason}) — check its certificate",
    "sms.unreachable": "could not reach the SMS gateway {where}: {reason} — check its URL",
    "portal.url_form": (
        "the portal URL must look like https://iam.example.com (plain http only for localhost)"
    ),
    "portal.url_ip": (
        "use a host name, not the address {host}: browsers refuse security keys on IP addresses "
        "(for this machine: http://localhost:PORT)"
    ),
    "portal.url_parts": ("the portal URL takes no user name, query (?…), fragment (#…) or spaces"),
    "portal.url_port": "the portal URL has a bad port: '{url}'",
    "portal.bad_host": "'{host}' is not a valid host name",
    "portal.rp_id": (
        "the relying-party id must be the portal's host '{host}' or a domain it is in (like "
        "'{parent}'), not '{rp_id}'"
    ),
    # --- the identity API ----------------------------------------------------------------
    "apitoken.bad_credentials": "the user name or password is wrong",
    "apitoken.needs_totp": (
        'API login protection is on for this user: authenticate with the methods ["password", '
        '"totp"] and the code of the virtual MFA device'
    ),
    "apitoken.unknown": "the token is unknown, revoked or expired",
    "apitoken.revoke_other": "a token can only be revoked by its own user",
    "apitoken.totp_other_user": "the totp method names another user than password",
    "apicall.malformed": "the signed request is malformed: {reason}",
    "apicall.throttled_failures": "too many refused signatures from this address: wait a minute",
    "apicall.throttled": (
        "too many calls with this key or from this address: wait a minute and call less often"
    ),
    "apicall.clock_skew": (
        "the request time differs from the server's by more than 15 minutes: check the client's "
        "clock"
    ),
    "apicall.url_expired": (
        "the presigned URL has expired (X-Amz-Date + X-Amz-Expires, at most 15 minutes, has "
        "passed): presign a new one"
    ),
    "apicall.unknown_key": (
        "the access key does not exist: check the access key id (AK) the client uses"
    ),
    "apicall.signature_mismatch": (
        "the request signature does not match: check the secret access key"
    ),
    "apicall.key_disabled": (
        "the access key is disabled: sign with your other key, or ask an operator to enable it"
    ),
    "apicall.user_disabled": "the key's user is disabled: ask an operator to enable it",
    "apicall.token_missing": "temporary access keys need their security token in {where}",
    "apicall.token_unsigned": "{where} must be signed",
    "apicall.token_invalid": "the security token does not belong to this access key",
    "apicall.revoked": "the temporary access key has been revoked",
    "apicall.expired": "the temporary access key has expired",
    # --- refusals added by the hardening, portal and API work -----------------------------
    "smtp.host_too_long": "the SMTP host has {length} characters; a host name has at most {max}",
    "smtp.host_invalid": (
        "SMTP host '{host}' is not a host name or IP address (letters, digits, - and dots, e.g. "
        "smtp.example.com)"
    ),
    "search.too_long": "a search has at most {max} characters",
    "search.control_chars": (
        "a search may not contain control characters or text that is not UTF-8"
    ),
    "user.account_name": (
        "'{name}' is the account's own name (it signs in as the root operator); choose another name"
    ),
    "import.line_too_long": (
        "line {line} is longer than {max} characters: this is not a user list "
        "(name,email,mobile,display_name)"
    ),
    "import.not_csv": "line {line}: the file is not readable CSV ({reason})",
    "import.cancelled": "the import was cancelled: nothing was imported",
    "create.unknown_credential": "unknown login credential: use {choices}",
    "create.password_unseen": (
        "a generated password must be shown once or emailed, or nobody would know it"
    ),
    "portal.root_refused": "the root operator uses the console, not the portal",
    "portal.session_ended": "your session has ended: sign in again",
    "key.add_again": "start adding the key again",
    "permission_set.not_yours": "you are not assigned to permission set '{set}'; ask an operator",
    "tempcred.too_short": "duration_seconds must be at least 900 (15 minutes)",
    "tempcred.too_long": (
        "duration_seconds {requested} is longer than permission set '{set}' allows ({max})"
    ),
    "permission_set.none_assigned": (
        "user '{name}' is not assigned to any permission set, so no temporary access keys can be "
        "issued: ask an operator to assign one"
    ),
    "permission_set.several": (
        "user '{name}' is assigned to several permission sets ({names}): name one"
    ),
    "vault.no_data_key": "this store has no data key yet",
    "contact.none_to_remove": "you have no {field} to remove",
    "contact.unchanged": "this is already your {field}",
    "contact.code_expired": "the code has expired: ask for a new one",
    "contact.code_wrong": "the code is wrong; {left} attempt(s) left",
    "accesskey.not_yours": "you have no access key '{key}'",
    "password.change_first": (
        "your password must be changed first (an operator reset it, or it expired)"
    ),
    "input.nul": "the {name} argument contains a NUL character",
    "input.not_utf8": "the {name} argument is not valid UTF-8 text",
    "email.non_ascii": (
        "email address '{email}' has non-ASCII letters before the @: IAM Desk accepts only plain "
        "ASCII there, so that no address can look like another one"
    ),
    "vault.key_file_not_regular": "the key file {path} is not a regular file",
    "vault.key_file_owner": (
        "the key file {path} belongs to another user (uid {uid}), so someone else could have "
        "placed or read it: use a key file you created"
    ),
    # The same refusals without their {reason}: a library's English words, which a front end
    # in another language shows this way instead (ui/widgets/inline_error.py).
    "email.invalid.plain": ("email address '{email}' is not valid: give one like name@example.com"),
    "key.verify_failed.plain": "the key's answer did not verify; try again",
    "signin.key_refused.plain": "the security key was refused; {left} attempt(s) left",
}

# Codes whose sentence names a library's (English) reason; "<code>.plain" leaves it out.
PLAIN_SUFFIX = ".plain"


# The forms a name must take, as a refusal describes them (the {form} of name.*).
NAME_FORM = "1-64 letters, digits and . _ - @, starting with a letter or digit"
KEY_NAME_FORM = "1-64 letters, digits, - and _"

# The words that fill a sentence's {what}, {field}, {method} or {form}: a front end may
# translate these parameters (and only these) along with the sentence.
WORD_PARAMS = ("what", "field", "method", "form")
WORDS = (
    NAME_FORM,
    KEY_NAME_FORM,
    "user name",
    "account name",
    "security key name",
    "MFA device name",
    "display name",
    "description",
    "email",
    "mobile",
    "sms",
    "mfa",
)


class _Keep(dict[str, Any]):
    """A missing parameter stays ``{name}`` instead of failing the refusal itself."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def shown(value: Any) -> Any:
    """A parameter as a sentence shows it: control and invisible characters escaped
    (``\\n``, ``\\x1b``), as ``repr`` would, so a refusal is one clean line; other text as typed."""
    if not isinstance(value, str) or value.isprintable():
        return value
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)


def fill(template: str, params: Mapping[str, Any]) -> str:
    """``template`` with its ``{param}``s replaced (any template: English or translated)."""
    return template.format_map(_Keep({k: shown(v) for k, v in params.items()}))


def render(code: str, params: Mapping[str, Any]) -> str:
    """The English sentence for ``code``; an unknown code names itself (a bug, not a crash)."""
    template = CATALOGUE.get(code)
    if template is None:
        return code
    return fill(template, params)
