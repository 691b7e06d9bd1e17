"""A software FIDO2 security key for tests, reached through python-fido2's real
`CtapHidDevice` over CTAPHID framing (the kernel here has no uhid for a virtual USB device).
It lives under tests/ only: the installed app cannot import it."""

from tests.support.softkey.authenticator import AAGUID, SoftAuthenticator
from tests.support.softkey.ctaphid import SoftHidConnection, frame, hid_descriptor, soft_device

__all__ = [
    "AAGUID",
    "SoftAuthenticator",
    "SoftHidConnection",
    "frame",
    "hid_descriptor",
    "soft_device",
]
