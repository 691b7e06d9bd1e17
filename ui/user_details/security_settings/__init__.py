"""A user's Security Settings tab: one module per section, each with its dialogs beside it."""

from ui.user_details.security_settings.tab import SecuritySettingsTab

__all__ = ["SecuritySettingsTab"]
