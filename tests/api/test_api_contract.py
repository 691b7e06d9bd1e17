"""What every answer of the identity API keeps to: X-Request-Id, both error shapes, the
OpenAPI description, audit events with the caller's address and never a secret, and
throttled bad signatures that leave good callers alone."""

from __future__ import annotations

import logging
import threading

import pytest
import requests
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkiam.v3 import ListPermanentAccessKeysRequest, ShowPermanentAccessKeyRequest
from sqlalchemy import event

from app.messages import CATALOGUE
from app.services import Services
from app.services import api_credentials_throttle as api_throttle
from app.services.records import Actor
from app.services.throttle import Limit
from tests.api.conftest import ACCOUNT, PASSWORD, OffsetClock, make_user, temporary_keys
from tests.api.huawei import account_domain_id, signed_client


class Http(requests.Session):
    """requests with a base URL and a timeout (the identity API only, on 127.0.0.1)."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        self.trust_env = False

    def request(self, method, url, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        kwargs.setdefault("timeout", 20)
        return super().request(method, self.base + url, *args, **kwargs)


def _error_shape(answer: requests.Response, status: int) -> dict:
    assert answer.status_code == status
    assert len(answer.headers["x-request-id"]) == 32
    body = answer.json()
    assert body["error_code"] and body["error_msg"]
    assert body["error"]["code"] == status and body["error"]["message"] == body["error_msg"]
    assert body["error"]["title"]
    return body


def test_request_ids_error_shapes_and_openapi(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    make_user(services, root, clock)
    with Http(api_url) as http:
        versions = http.get("/", headers={"Accept": "application/json"})
        assert versions.status_code == 300 and versions.headers["x-request-id"]
        assert versions.json()["versions"]["values"][0]["links"][0]["href"] == f"{api_url}/v3/"
        assert http.get("/v3").json()["version"]["id"] == "v3.0"
        ids = {http.get("/v3").headers["x-request-id"] for _ in range(3)}
        assert len(ids) == 3

        _error_shape(http.post("/v3/auth/tokens", json={"auth": {}}), 400)
        _error_shape(
            http.post(
                "/v3/auth/tokens",
                data=b"{not json",
                headers={"Content-Type": "application/json"},
            ),
            400,
        )
        _error_shape(http.get("/v3/no-such-route"), 404)
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": "alice",
                            "password": "Wrong-1",
                            "domain": {"name": ACCOUNT},
                        }
                    },
                }
            }
        }
        wrong = _error_shape(http.post("/v3/auth/tokens", json=body), 401)
        assert wrong["error_msg"] == CATALOGUE["signin.bad_credentials"]
        body["auth"]["identity"]["password"]["user"]["domain"]["name"] = "other-account"
        body["auth"]["identity"]["password"]["user"]["password"] = PASSWORD
        _error_shape(http.post("/v3/auth/tokens", json=body), 401)
        unsigned = _error_shape(http.get("/v3.0/OS-CREDENTIAL/credentials"), 401)
        assert "Authorization" in unsigned["error_msg"]
        sts = http.post("/", data={"Action": "GetCallerIdentity", "Version": "2011-06-15"})
        assert sts.status_code == 403 and sts.headers["x-request-id"]
        assert "<Code>MissingAuthenticationToken</Code>" in sts.text

        paths = http.get("/openapi.json").json()["paths"]
        for path in (
            "/v3",
            "/v3/auth/tokens",
            "/v3.0/OS-CREDENTIAL/securitytokens",
            "/v3.0/OS-CREDENTIAL/credentials",
            "/v3.0/OS-CREDENTIAL/credentials/{access}",
            "/sts",
        ):
            assert path in paths, path


def test_audit_names_caller_and_address_and_holds_no_secret(
    services: Services,
    root: Actor,
    clock: OffsetClock,
    api_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    alice = make_user(services, root, clock)
    temporary = temporary_keys(services)
    domain = account_domain_id(services)
    signed_client(api_url, alice.access_key_id, alice.secret, domain).list_permanent_access_keys(
        ListPermanentAccessKeysRequest()
    )
    with pytest.raises(Exception, match="signature"):
        signed_client(api_url, alice.access_key_id, "z" * 40, domain).list_permanent_access_keys(
            ListPermanentAccessKeysRequest()
        )
    with Http(api_url) as http:
        body = {"auth": {"identity": {"methods": ["token"], "token": {}}}}
        token = services.api_tokens.issue("alice", PASSWORD).token
        issued = http.post(
            "/v3.0/OS-CREDENTIAL/securitytokens", json=body, headers={"X-Auth-Token": token}
        )
        assert issued.status_code == 201
        http.request(
            "DELETE",
            "/v3/auth/tokens",
            headers={"X-Auth-Token": token, "X-Subject-Token": token},
        ).raise_for_status()
    events = services.audit.list(root, limit=50)
    calls = [e for e in events if e.action == "api.call"]
    assert {(e.outcome, e.details["address"]) for e in calls} == {
        ("success", "127.0.0.1"),
        ("failure", "127.0.0.1"),
    }
    success = next(e for e in calls if e.outcome == "success")
    assert success.actor == "user:alice" and success.details["access_key_id"] == alice.access_key_id
    assert next(e for e in calls if e.outcome == "failure").details["reason"] == (
        "signature-mismatch"
    )
    issue = next(e for e in events if e.action == "tempcred.issue")
    assert issue.details["address"] == "127.0.0.1"
    assert any(e.action == "token.revoke" for e in events)
    secrets = [
        alice.secret,
        temporary.secret_access_key,
        temporary.security_token,
        token,
        PASSWORD,
        issued.json()["credential"]["secret"],
        issued.json()["credential"]["securitytoken"],
    ]
    written = repr([(e.actor, e.target, e.details) for e in events]) + caplog.text
    for secret in secrets:
        assert secret not in written


BURST = 60  # refused attempts (each the SDK's retries of a 429)
GOOD_DURING_BURST = 15


def test_a_burst_of_bad_signatures_is_throttled_and_good_callers_go_on(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    alice = make_user(services, root, clock)
    bob = make_user(services, root, clock, "bob")
    domain = account_domain_id(services)
    good = signed_client(api_url, bob.access_key_id, bob.secret, domain)
    request = ListPermanentAccessKeysRequest()

    def good_calls(n: int) -> None:
        for _ in range(n):
            good.list_permanent_access_keys(request)

    good_calls(3)  # warm up
    attacker = signed_client(api_url, alice.access_key_id, "w" * 40, domain)
    statuses: list[int] = []

    def burst() -> None:
        while len(statuses) < BURST:
            try:
                attacker.list_permanent_access_keys(request)
            except Exception as exc:  # noqa: BLE001 - every attempt must be refused
                statuses.append(getattr(exc, "status_code", 0))

    # Counted as the store sees it, not timed: good callers are held up when refusals queue
    # for the store (a transaction, on SQLite the write lock, per refusal). Once throttled, a
    # refusal must cost no transaction at all.
    transactions = []
    listener = lambda *_: transactions.append(1)  # noqa: E731
    event.listen(services.engine, "begin", listener)
    threads = [threading.Thread(target=burst) for _ in range(3)]
    try:
        for thread in threads:
            thread.start()
        good_calls(GOOD_DURING_BURST)  # each succeeds while the burst is refused
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(services.engine, "begin", listener)
    assert len(statuses) >= BURST and set(statuses) <= {401, 429}
    assert statuses.count(401) == 10  # FAILURES_PER_ADDRESS_AND_KEY, then refused unread
    # The good calls, the ten counted refusals, and per attacking thread at most one refusal
    # counted past the limit and one store read that learnt the window is full (each thread
    # has one attempt in flight).
    assert len(transactions) <= GOOD_DURING_BURST + 10 + 2 * len(threads), len(transactions)


def test_a_signed_header_left_out_is_a_refusal_not_a_crash(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    """A request that names a signed header it does not send: 401 (SDK-HMAC-SHA256) or STS's
    IncompleteSignature, saying which header, never a 500."""
    alice = make_user(services, root, clock)
    now = clock.now().strftime("%Y%m%dT%H%M%SZ")
    with Http(api_url) as http:
        sdk = http.get(
            "/v3.0/OS-CREDENTIAL/credentials",
            headers={
                "X-Sdk-Date": now,
                "Authorization": f"SDK-HMAC-SHA256 Access={alice.access_key_id}, "
                "SignedHeaders=host;x-sdk-date;x-project-id, Signature=" + "0" * 64,
            },
        )
        assert "X-Project-Id" in _error_shape(sdk, 401)["error_msg"]
        aws = http.post(
            "/",
            data={"Action": "GetCallerIdentity", "Version": "2011-06-15"},
            headers={
                "X-Amz-Date": now,
                "Authorization": f"AWS4-HMAC-SHA256 Credential={alice.access_key_id}/"
                f"{now[:8]}/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date;"
                "x-amz-target, Signature=" + "0" * 64,
            },
        )
        assert aws.status_code == 400 and "<Code>IncompleteSignature</Code>" in aws.text
        assert "X-Amz-Target" in aws.text


def test_token_and_temporary_key_requests_are_throttled_per_address(
    services: Services,
    root: Actor,
    clock: OffsetClock,
    api_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(api_throttle, "TOKEN_REQUESTS_PER_ADDRESS", Limit(3, 60))
    make_user(services, root, clock)
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {"name": "alice", "password": PASSWORD, "domain": {"name": ACCOUNT}}
                },
            }
        }
    }
    with Http(api_url) as http:
        statuses = [http.post("/v3/auth/tokens", json=body).status_code for _ in range(4)]
        assert statuses == [201, 201, 201, 429]
        refused = _error_shape(http.post("/v3/auth/tokens", json=body), 429)
        assert "wait" in refused["error_msg"]
        token = services.api_tokens.issue("alice", PASSWORD).token
        keys = {"auth": {"identity": {"methods": ["token"], "token": {"id": token}}}}
        statuses = [
            http.post("/v3.0/OS-CREDENTIAL/securitytokens", json=keys).status_code for _ in range(4)
        ]
        assert statuses == [201, 201, 201, 429]
        clock.advance(seconds=60)  # a new window
        assert http.post("/v3/auth/tokens", json=body).status_code == 201


def test_malformed_requests_are_told_how_to_fix_them(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    alice = make_user(services, root, clock)
    with Http(api_url) as http:
        wrong_method = {"auth": {"identity": {"methods": ["token"], "token": {"id": "x"}}}}
        told = _error_shape(http.post("/v3/auth/tokens", json=wrong_method), 400)["error_msg"]
        assert 'set auth.identity.methods to ["password"] or ["password", "totp"]' in told
        no_code = {
            "auth": {
                "identity": {
                    "methods": ["password", "totp"],
                    "password": {"user": {"name": "alice", "password": PASSWORD}},
                }
            }
        }
        told = _error_shape(http.post("/v3/auth/tokens", json=no_code), 400)["error_msg"]
        assert "auth.identity.totp.user.passcode" in told
        password_for_keys = {"auth": {"identity": {"methods": ["password"]}}}
        told = _error_shape(
            http.post("/v3.0/OS-CREDENTIAL/securitytokens", json=password_for_keys), 400
        )["error_msg"]
        assert 'set auth.identity.methods to ["token"]' in told
        told = _error_shape(http.post("/v3/auth/tokens", json={"auth": {}}), 400)["error_msg"]
        assert told.startswith("the request is malformed at auth.identity")
    domain = account_domain_id(services)
    client = signed_client(api_url, alice.access_key_id, alice.secret, domain)
    with pytest.raises(ClientRequestException) as refused:
        client.list_permanent_access_keys(ListPermanentAccessKeysRequest(user_id="0" * 32))
    assert alice.user_id in refused.value.error_msg  # "give your own (...)"
    with pytest.raises(ClientRequestException) as refused:
        client.show_permanent_access_key(ShowPermanentAccessKeyRequest(access_key="AK" + "Q" * 18))
    assert "GET /v3.0/OS-CREDENTIAL/credentials lists yours" in refused.value.error_msg
