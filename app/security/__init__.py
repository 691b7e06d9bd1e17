"""Cryptography: password hashing, the secrets vault, one-time tokens, TOTP."""
