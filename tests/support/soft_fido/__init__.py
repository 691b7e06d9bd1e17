"""A software FIDO2 security key behind python-fido2's real CtapHidDevice (tests only)."""

from __future__ import annotations

from tests.support.soft_fido.authenticator import AAGUID, SoftAuthenticator
from tests.support.soft_fido.ctaphid import SoftHidConnection, descriptor_for

__all__ = ["AAGUID", "SoftAuthenticator", "SoftHidConnection", "descriptor_for"]
