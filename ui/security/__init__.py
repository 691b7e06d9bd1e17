"""A user's Security Settings tab: credentials, MFA, login protection and access keys."""

from ui.security.security_tab import SecuritySettingsTab

__all__ = ["SecuritySettingsTab"]
