"""The signature checks against vectors made by the clients' own signers (Huawei Cloud SDK's
Signer, botocore's SigV4Auth): every signed request verifies, every changed one does not."""

from __future__ import annotations

import dataclasses
from urllib.parse import quote, urlsplit

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from app.security.signatures import sdk_hmac, sigv4
from app.security.signatures.common import SignatureFormatError, SignedRequest

AK, SK = "AKTESTVECTOR00000001", "s3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tAbCd"

HUAWEI_CASES = [
    ("GET", "/v3.0/OS-CREDENTIAL/credentials", [], None),
    ("GET", "/v3.0/OS-CREDENTIAL/credentials", [("user_id", "0f" * 16)], None),
    ("GET", "/v3.0/OS-CREDENTIAL/credentials/AK 1~x", [("b", "x y"), ("a", "é/ü")], None),
    ("POST", "/v3/things", [("z", "1"), ("a", "2"), ("a", "1")], b'{"name": "\xc3\xa9"}'),
]


def _huawei_signed(method: str, path: str, query: list[tuple[str, str]], body: bytes | None):
    request = SdkRequest(
        method=method,
        schema="http",
        host="127.0.0.1:8443",
        resource_path=path,
        query_params=list(query),
        header_params={"Content-Type": "application/json", "X-Domain-Id": "d" * 32},
        body=body or "",
    )
    Signer(BasicCredentials(AK, SK)).sign(request)
    wire = urlsplit(f"http://h{quote(request.uri, safe='/?&=%~')}")
    return SignedRequest(
        method,
        wire.path,
        wire.query,
        {k.lower(): str(v) for k, v in request.header_params.items()},
        body or b"",
    )


@pytest.mark.parametrize("case", HUAWEI_CASES, ids=lambda c: f"{c[0]} {c[1]}")
def test_sdk_hmac_matches_the_huawei_signer(case: tuple) -> None:
    signed = _huawei_signed(*case)
    auth = sdk_hmac.parse_authorization(signed.header("authorization"))
    assert auth.access_key_id == AK
    assert sdk_hmac.verify(SK, signed, auth)
    assert not sdk_hmac.verify(SK[:-1] + "X", signed, auth)
    changes = [
        dataclasses.replace(signed, method="DELETE"),
        dataclasses.replace(signed, path=signed.path + "x"),
        dataclasses.replace(signed, query=signed.query + "&extra=1"),
        dataclasses.replace(signed, body=signed.body + b" "),
        dataclasses.replace(signed, headers={**signed.headers, "x-domain-id": "e" * 32}),
        dataclasses.replace(signed, headers={**signed.headers, "x-sdk-date": "20200101T000000Z"}),
    ]
    for changed in changes:
        assert not sdk_hmac.verify(SK, changed, auth), changed


def test_sdk_hmac_needs_host_and_date_signed() -> None:
    with pytest.raises(SignatureFormatError, match="host"):
        sdk_hmac.parse_authorization(
            "SDK-HMAC-SHA256 Access=AK1, SignedHeaders=x-sdk-date, Signature=00"
        )
    with pytest.raises(SignatureFormatError, match="not SDK-HMAC-SHA256"):
        sdk_hmac.parse_authorization("AWS4-HMAC-SHA256 Credential=x")


SIGV4_CASES = [
    ("POST", "http://127.0.0.1:8443/", b"Action=GetCallerIdentity&Version=2011-06-15", None),
    ("POST", "http://localhost:9/sts", b"Action=GetCallerIdentity&Version=2011-06-15", "tok/en+="),
    ("GET", "http://127.0.0.1:8443/a%20b/c?b=2&a=x%20y&a=1", b"", None),
]


@pytest.mark.parametrize("case", SIGV4_CASES, ids=lambda c: f"{c[0]} {c[1]}")
def test_sigv4_matches_botocore(case: tuple) -> None:
    method, url, body, token = case
    aws = AWSRequest(
        method=method,
        url=url,
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    SigV4Auth(Credentials(AK, SK, token), "sts", "us-east-1").add_auth(aws)
    prepared = aws.prepare()
    wire = urlsplit(prepared.url)
    headers = {k.lower(): v for k, v in prepared.headers.items()}
    headers.setdefault("host", wire.netloc)
    signed = SignedRequest(method, wire.path, wire.query, headers, body)
    auth = sigv4.parse_authorization(signed.header("authorization"))
    assert (auth.access_key_id, auth.region, auth.service) == (AK, "us-east-1", "sts")
    assert sigv4.verify(SK, signed, auth)
    assert not sigv4.verify(SK + "x", signed, auth)
    for changed in (
        dataclasses.replace(signed, body=body + b"&x=1"),
        dataclasses.replace(signed, path="/other"),
        dataclasses.replace(signed, headers={**headers, "host": "evil.example"}),
        dataclasses.replace(signed, headers={**headers, "x-amz-date": "20200101T000000Z"}),
    ):
        assert not sigv4.verify(SK, changed, auth)
