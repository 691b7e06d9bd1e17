"""Clients of the unmodified Huawei Cloud IAM SDK, pointed at the test server only."""

from __future__ import annotations

from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkiam.v3 import (
    CreateTemporaryAccessKeyByTokenRequest,
    CreateTemporaryAccessKeyByTokenRequestBody,
    IamClient,
    IdentityToken,
    KeystoneCreateUserTokenByPasswordAndMfaRequest,
    KeystoneCreateUserTokenByPasswordAndMfaRequestBody,
    KeystoneCreateUserTokenByPasswordRequest,
    KeystoneCreateUserTokenByPasswordRequestBody,
    MfaAuth,
    MfaIdentity,
    MfaTotp,
    MfaTotpUser,
    PwdAuth,
    PwdIdentity,
    PwdPassword,
    PwdPasswordUser,
    PwdPasswordUserDomain,
    TokenAuth,
    TokenAuthIdentity,
)
from huaweicloudsdkiam.v3.iam_credentials import IamCredentials

from app.services import Services
from app.services.api_credentials_tokens import domain_id


def account_domain_id(services: Services) -> str:
    with services.context.uow() as uow:
        return domain_id(services.context.account(uow))


def _config(ca_file: str | None) -> HttpConfig:
    config = HttpConfig.get_default_config()
    config.timeout = (5, 20)
    if ca_file:
        config.ssl_ca_cert = ca_file
    return config


def token_client(url: str, ca_file: str | None = None) -> IamClient:
    """For the token calls (IamCredentials: no metadata lookup, X-Auth-Token when given)."""
    return (
        IamClient.new_builder()
        .with_http_config(_config(ca_file))
        .with_credentials(IamCredentials())
        .with_endpoints([url])
        .build()
    )


def signed_client(
    url: str,
    ak: str,
    sk: str,
    domain: str,
    security_token: str | None = None,
    ca_file: str | None = None,
) -> IamClient:
    """For calls signed with SDK-HMAC-SHA256 (a permanent key, or temporary keys + token)."""
    credentials = GlobalCredentials(ak, sk, domain)
    if security_token:
        credentials = credentials.with_security_token(security_token)
    return (
        IamClient.new_builder()
        .with_http_config(_config(ca_file))
        .with_credentials(credentials)
        .with_endpoints([url])
        .build()
    )


def password_request(
    user: str, password: str, domain: str
) -> KeystoneCreateUserTokenByPasswordRequest:
    auth = PwdAuth(
        identity=PwdIdentity(
            methods=["password"],
            password=PwdPassword(
                user=PwdPasswordUser(
                    domain=PwdPasswordUserDomain(name=domain), name=user, password=password
                )
            ),
        )
    )
    return KeystoneCreateUserTokenByPasswordRequest(
        body=KeystoneCreateUserTokenByPasswordRequestBody(auth=auth)
    )


def password_mfa_request(
    user: str, password: str, domain: str, user_id: str, code: str
) -> KeystoneCreateUserTokenByPasswordAndMfaRequest:
    auth = MfaAuth(
        identity=MfaIdentity(
            methods=["password", "totp"],
            password=PwdPassword(
                user=PwdPasswordUser(
                    domain=PwdPasswordUserDomain(name=domain), name=user, password=password
                )
            ),
            totp=MfaTotp(user=MfaTotpUser(id=user_id, passcode=code)),
        )
    )
    return KeystoneCreateUserTokenByPasswordAndMfaRequest(
        body=KeystoneCreateUserTokenByPasswordAndMfaRequestBody(auth=auth)
    )


def temporary_key_request(
    token: str, duration_seconds: int | None = None
) -> CreateTemporaryAccessKeyByTokenRequest:
    auth = TokenAuth(
        identity=TokenAuthIdentity(
            methods=["token"], token=IdentityToken(id=token, duration_seconds=duration_seconds)
        )
    )
    return CreateTemporaryAccessKeyByTokenRequest(
        body=CreateTemporaryAccessKeyByTokenRequestBody(auth=auth)
    )
