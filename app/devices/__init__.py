"""Authenticator devices: FIDO2 security keys over USB and Windows WebAuthn."""
