"""IAM Desk: the service layer (no Qt here)."""

__version__ = "0.1.0"
