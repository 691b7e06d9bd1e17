"""The three clients over HTTPS with a certificate from a test CA they are told to trust
(and a client that does not trust it is refused by TLS, not by the server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from huaweicloudsdkiam.v3 import ListPermanentAccessKeysRequest
from keystoneauth1 import session
from keystoneauth1.identity import generic, v3

from app.services import Services
from app.services.records import Actor
from tests.api.conftest import (
    ACCOUNT,
    PASSWORD,
    OffsetClock,
    build_app,
    make_user,
    running_server,
)
from tests.api.huawei import (
    account_domain_id,
    password_mfa_request,
    password_request,
    signed_client,
    temporary_key_request,
    token_client,
)
from tests.api.test_boto3_sts import sts
from tests.api.tls import CertificateFiles, make_certificates
from tests.support.oath import oathtool_code


@pytest.fixture
def tls(tmp_path: Path) -> CertificateFiles:
    return make_certificates(tmp_path)


@pytest.fixture
def https_url(
    services: Services, root: Actor, client_env: None, tls: CertificateFiles
) -> Iterator[str]:
    with running_server(
        build_app(services), ssl_certfile=str(tls.cert_file), ssl_keyfile=str(tls.key_file)
    ) as url:
        yield url


def test_every_client_over_https(
    services: Services,
    root: Actor,
    clock: OffsetClock,
    https_url: str,
    tls: CertificateFiles,
) -> None:
    alice = make_user(services, root, clock, mfa=True)
    assert alice.seed and https_url.startswith("https://")
    ca = str(tls.ca_file)
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"{https_url}/v3", timeout=10)  # the system's trust store: refused

    client = token_client(https_url, ca)
    code = oathtool_code(alice.seed, clock.now())
    token = client.keystone_create_user_token_by_password_and_mfa(
        password_mfa_request("alice", PASSWORD, ACCOUNT, alice.user_id, code)
    ).x_subject_token
    temporary = client.create_temporary_access_key_by_token(temporary_key_request(token)).credential
    domain = account_domain_id(services)
    for ak, sk, security_token in (
        (alice.access_key_id, alice.secret, None),
        (temporary.access, temporary.secret, temporary.securitytoken),
    ):
        signed = signed_client(https_url, ak, sk, domain, security_token, ca)
        keys = signed.list_permanent_access_keys(ListPermanentAccessKeysRequest()).credentials
        assert [k.access for k in keys] == [alice.access_key_id]
        who = sts(https_url, ak, sk, security_token, verify=ca).get_caller_identity()
        assert who["Arn"].endswith("/alice")

    clock.advance(seconds=30)
    code = oathtool_code(alice.seed, clock.now())
    multifactor = v3.MultiFactor(
        auth_url=f"{https_url}/v3",
        auth_methods=["v3password", "v3totp"],
        username="alice",
        password=PASSWORD,
        passcode=code,
        user_domain_name=ACCOUNT,
    )
    assert session.Session(auth=multifactor, verify=ca, timeout=20).get_token()
    services.protection.set(root, "alice", api=False)
    discovered = generic.Password(
        auth_url=https_url, username="alice", password=PASSWORD, user_domain_name=ACCOUNT
    )
    assert session.Session(auth=discovered, verify=ca, timeout=20).get_token()
    assert client.keystone_create_user_token_by_password(
        password_request("alice", PASSWORD, ACCOUNT)
    ).x_subject_token
