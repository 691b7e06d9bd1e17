"""Presigned ``GetCallerIdentity`` URLs (SigV4 in the query string) made by botocore's own
presigner and fetched with plain HTTP clients (httpx, urllib), as services that authenticate
callers by such a URL do: valid URLs answer STS's XML, every altered one an STS XML error."""

from __future__ import annotations

import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
from botocore.awsrequest import prepare_request_dict
from botocore.credentials import Credentials
from botocore.hooks import HierarchicalEmitter
from botocore.model import ServiceId
from botocore.signers import RequestSigner

from app.services import Services
from app.services.records import Actor
from tests.api.conftest import OffsetClock, expire_now, make_user, temporary_keys
from tests.api.test_boto3_sts import sts

NS = {"sts": "https://sts.amazonaws.com/doc/2011-06-15/"}


def presign(endpoint: str, ak: str, sk: str, token: str | None = None, expires: int = 60) -> str:
    """A presigned GET GetCallerIdentity URL from the STS client's own presigner."""
    client = sts(endpoint, ak, sk, token)
    return str(
        client.generate_presigned_url(
            "get_caller_identity", Params={}, ExpiresIn=expires, HttpMethod="GET"
        )
    )


def fetch(url: str) -> tuple[int, ET.Element]:
    """GET ``url`` with httpx (no signing of its own): the status and the parsed XML."""
    with httpx.Client(timeout=20, trust_env=False) as http:
        answer = http.get(url)
    assert answer.headers["content-type"].startswith("text/xml"), answer.text
    assert answer.headers["x-request-id"]
    return answer.status_code, ET.fromstring(answer.content)


def identity(url: str) -> dict[str, str]:
    status, xml = fetch(url)
    assert status == 200, ET.tostring(xml)
    result = xml.find("sts:GetCallerIdentityResult", NS)
    assert result is not None
    return {child.tag.split("}")[1]: child.text or "" for child in result}


def refused(url: str, code: str, status: int = 403) -> str:
    """The STS error a URL is refused with (its code checked); returns its message."""
    answer_status, xml = fetch(url)
    assert answer_status == status, ET.tostring(xml)
    assert xml.findtext("sts:Error/sts:Code", namespaces=NS) == code, ET.tostring(xml)
    return xml.findtext("sts:Error/sts:Message", namespaces=NS) or ""


def with_query(url: str, **changes: str) -> str:
    """``url`` with some query parameters replaced (the signature left as it was)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def test_presigned_caller_identity_at_root_and_sts(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    alice = make_user(services, root, clock)
    for endpoint in (api_url, f"{api_url}/sts"):
        url = presign(endpoint, alice.access_key_id, alice.secret)
        query = dict(parse_qsl(urlsplit(url).query))
        assert query["Action"] == "GetCallerIdentity" and query["X-Amz-Expires"] == "60"
        assert "X-Amz-Signature" in query and "X-Amz-Credential" in query
        who = identity(url)
        assert who["Arn"] == f"arn:aws:iam::{who['Account']}:user/alice"
        assert who["UserId"] == alice.user_id
        assert who == identity(url)  # usable again until it expires (as AWS's)
    # The same with plain urllib, and a browser asking for / still gets the portal.
    with urllib.request.urlopen(presign(api_url, alice.access_key_id, alice.secret)) as answer:  # noqa: S310 (127.0.0.1)
        assert b"<Arn>arn:aws:iam::" in answer.read()
    page = httpx.get(f"{api_url}/", headers={"Accept": "text/html"}, trust_env=False)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]


def test_presigned_with_temporary_keys_and_their_token(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    make_user(services, root, clock)
    temporary = temporary_keys(services)
    ak, sk, token = temporary.access_key_id, temporary.secret_access_key, temporary.security_token
    url = presign(api_url, ak, sk, token)
    assert dict(parse_qsl(urlsplit(url).query))["X-Amz-Security-Token"] == token
    assert identity(url)["Arn"].endswith(":assumed-role/alice-set/alice")
    message = refused(presign(api_url, ak, sk), "InvalidClientTokenId")  # no token
    assert "X-Amz-Security-Token" in message
    refused(presign(api_url, ak, sk, "not-its-token"), "InvalidClientTokenId")
    # The token is signed: another key's token put in the URL breaks the signature.
    other = temporary_keys(services)
    refused(with_query(url, **{"X-Amz-Security-Token": other.security_token}),
            "SignatureDoesNotMatch")  # fmt: skip
    expire_now(services, ak)
    refused(presign(api_url, ak, sk, token), "ExpiredToken", 400)
    services.temporary_credentials.revoke(root, other.access_key_id)
    message = refused(
        presign(api_url, other.access_key_id, other.secret_access_key, other.security_token),
        "ExpiredToken",
        400,
    )
    assert "revoked" in message


def test_expired_tampered_wrong_secret_and_skewed_urls_are_refused(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    alice = make_user(services, root, clock)
    good = presign(api_url, alice.access_key_id, alice.secret, expires=300)
    identity(good)

    assert "secret" in refused(
        presign(api_url, alice.access_key_id, "x" * 40), "SignatureDoesNotMatch"
    )
    refused(presign(api_url, "AK" + "Z" * 18, alice.secret), "InvalidClientTokenId")
    # Every signed part of the URL is checked: a longer life, another action, another
    # signature, a different path.
    refused(with_query(good, **{"X-Amz-Expires": "900"}), "SignatureDoesNotMatch")
    refused(with_query(good, Version="2011-06-16"), "SignatureDoesNotMatch")
    signature = dict(parse_qsl(urlsplit(good).query))["X-Amz-Signature"]
    flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
    refused(with_query(good, **{"X-Amz-Signature": flipped}), "SignatureDoesNotMatch")
    moved = urlunsplit(urlsplit(good)._replace(path="/sts"))
    refused(moved, "SignatureDoesNotMatch")
    # Malformed: no date, an expiry that is not a number of seconds, both kinds of signature.
    assert "X-Amz-Date" in refused(with_query(good, **{"X-Amz-Date": ""}),
                                   "IncompleteSignature", 400)  # fmt: skip
    assert "X-Amz-Expires" in refused(with_query(good, **{"X-Amz-Expires": "-5"}),
                                      "IncompleteSignature", 400)  # fmt: skip
    with httpx.Client(timeout=20, trust_env=False) as http:
        both = http.get(good, headers={"Authorization": "AWS4-HMAC-SHA256 Credential=x"})
    assert both.status_code == 400 and "not both" in both.text

    # X-Amz-Expires elapsed (the server's clock moved on: the URL is 6 minutes old).
    clock.advance(minutes=6)
    assert "expired" in refused(good, "SignatureDoesNotMatch")
    clock.advance(minutes=-6)
    identity(good)
    # A long X-Amz-Expires is held to STS's 15 minutes.
    long_lived = presign(api_url, alice.access_key_id, alice.secret, expires=3600)
    clock.advance(minutes=16)
    assert "expired" in refused(long_lived, "SignatureDoesNotMatch")
    # Dated more than 15 minutes ahead of the server (a client clock running fast).
    clock.advance(minutes=-32)
    assert "clock" in refused(good, "SignatureDoesNotMatch")
    clock.advance(minutes=16)
    identity(good)

    services.access_keys.set_status(root, "alice", alice.access_key_id, active=False)
    refused(presign(api_url, alice.access_key_id, alice.secret), "InvalidClientTokenId")


def test_request_signer_presigns_what_the_server_accepts(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    """botocore's lower-level RequestSigner.generate_presigned_url, on a hand-made request
    dict (as tools that build EKS-style "who am I" URLs do), with an extra signed header."""
    alice = make_user(services, root, clock)
    events = HierarchicalEmitter()  # held here: the signer keeps only a weak reference
    signer = RequestSigner(
        ServiceId("sts"),
        "us-east-1",
        "sts",
        "v4",
        Credentials(alice.access_key_id, alice.secret),
        events,
    )
    request: dict[str, Any] = {
        "url_path": "/",
        "query_string": {"Action": "GetCallerIdentity", "Version": "2011-06-15"},
        "method": "GET",
        "headers": {"x-iamdesk-audience": "build-farm"},
        "body": b"",
        "context": {},
    }
    prepare_request_dict(request, endpoint_url=api_url)  # the URL, as a client builds it
    url = signer.generate_presigned_url(request, "GetCallerIdentity", expires_in=60)
    signed = dict(parse_qsl(urlsplit(url).query))["X-Amz-SignedHeaders"]
    assert signed == "host;x-iamdesk-audience"
    with httpx.Client(timeout=20, trust_env=False) as http:
        good = http.get(url, headers={"x-iamdesk-audience": "build-farm"})
        assert good.status_code == 200 and "<Arn>" in good.text
        other = http.get(url, headers={"x-iamdesk-audience": "another"})
        assert other.status_code == 403 and "SignatureDoesNotMatch" in other.text
        missing = http.get(url)
        assert missing.status_code == 400 and "X-Iamdesk-Audience" in missing.text


def test_presigned_calls_are_audited_with_the_address(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    alice = make_user(services, root, clock)
    identity(presign(api_url, alice.access_key_id, alice.secret))
    refused(presign(api_url, alice.access_key_id, "q" * 40), "SignatureDoesNotMatch")
    calls = [e for e in services.audit.list(root, limit=20) if e.action == "api.call"]
    assert {(e.outcome, e.details["api_action"], e.details["address"]) for e in calls} == {
        ("success", "sts:GetCallerIdentity", "127.0.0.1"),
        ("failure", "sts:GetCallerIdentity", "127.0.0.1"),
    }
    written = repr([(e.actor, e.target, e.details) for e in calls])
    assert alice.secret not in written
    assert services.audit.verify(root).ok
