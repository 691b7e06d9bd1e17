"""The signature checks against vectors made by the clients' own signers (Huawei Cloud SDK's
Signer, botocore's SigV4Auth): every signed request verifies, every changed one does not."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from app.security.signatures import sdk_hmac, sigv4, sigv4_presigned
from app.security.signatures.common import (
    SignatureFormatError,
    SignedRequest,
    SigningTime,
    signing_time,
)

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


PRESIGNED_CASES = [
    ("http://127.0.0.1:8443/", None),
    ("http://localhost:9/sts", "tok/en+= ~x"),
]


def _presigned(url: str, token: str | None, expires: int = 900) -> SignedRequest:
    aws = AWSRequest(
        method="GET",
        url=url,
        data={
            "Action": "GetCallerIdentity",
            "Version": "2011-06-15",
        },  # as botocore's query serializer
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    SigV4QueryAuth(Credentials(AK, SK, token), "sts", "us-east-1", expires=expires).add_auth(aws)
    wire = urlsplit(aws.prepare().url)
    return SignedRequest("GET", wire.path, wire.query, {"host": wire.netloc}, b"")


@pytest.mark.parametrize("case", PRESIGNED_CASES, ids=lambda c: c[0])
def test_presigned_sigv4_matches_botocore_presigner(case: tuple) -> None:
    url, token = case
    signed = _presigned(url, token)
    assert sigv4_presigned.is_presigned(signed)
    presigned = sigv4_presigned.parse_presigned(signed)
    assert presigned.authorization.access_key_id == AK
    assert presigned.security_token == token
    assert presigned.valid_for == timedelta(seconds=900)
    assert sigv4_presigned.verify(SK, presigned)
    assert not sigv4_presigned.verify(SK + "x", presigned)
    for changed in (
        dataclasses.replace(signed, method="POST"),
        dataclasses.replace(signed, path="/other"),
        dataclasses.replace(signed, query=signed.query + "&Extra=1"),
        dataclasses.replace(signed, query=signed.query.replace("Expires=900", "Expires=899")),
        dataclasses.replace(signed, query=signed.query.replace("2011-06-15", "2011-06-16")),
        dataclasses.replace(signed, headers={"host": "evil.example"}),
    ):
        assert not sigv4_presigned.verify(SK, sigv4_presigned.parse_presigned(changed)), changed


def test_presigned_validity_is_held_to_fifteen_minutes_and_checked() -> None:
    presigned = sigv4_presigned.parse_presigned(_presigned("http://h/", None, expires=604800))
    assert presigned.valid_for == timedelta(minutes=15)
    at = presigned.signed_at
    assert signing_time(at, at + timedelta(minutes=14), presigned.valid_for) is SigningTime.VALID
    assert signing_time(at, at + timedelta(minutes=16), presigned.valid_for) is (
        SigningTime.EXPIRED
    )
    assert signing_time(at, at - timedelta(minutes=16), presigned.valid_for) is (SigningTime.SKEWED)
    # Signed in headers: 15 minutes either way.
    assert signing_time(at, at - timedelta(minutes=14)) is SigningTime.VALID
    assert signing_time(at, at + timedelta(minutes=16)) is SigningTime.SKEWED
    for query, problem in (
        ("X-Amz-Algorithm=AWS4-HMAC-SHA256", "no X-Amz-Credential"),
        ("X-Amz-Algorithm=HMAC-MD5&X-Amz-Signature=00", "must be AWS4-HMAC-SHA256"),
    ):
        with pytest.raises(SignatureFormatError, match=problem):
            sigv4_presigned.parse_presigned(SignedRequest("GET", "/", query, {"host": "h"}, b""))
    good = _presigned("http://h/", None)
    for old, new, problem in (
        ("X-Amz-Expires=900", "X-Amz-Expires=604801", "X-Amz-Expires"),
        ("X-Amz-Expires=900", "X-Amz-Expires=0", "X-Amz-Expires"),
        ("X-Amz-Expires=900", "X-Amz-Expires=900&X-Amz-Expires=1", "more than once"),
        ("X-Amz-Date=2", "X-Amz-Date=1", "date"),
    ):
        with pytest.raises(SignatureFormatError, match=problem):
            sigv4_presigned.parse_presigned(
                dataclasses.replace(good, query=good.query.replace(old, new, 1))
            )
    with pytest.raises(SignatureFormatError, match="not both"):
        sigv4_presigned.parse_presigned(
            dataclasses.replace(good, headers={"host": "h", "authorization": "AWS4-HMAC-SHA256"})
        )
