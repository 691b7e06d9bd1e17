"""The finished zh_CN translations of the refusal catalogue, read from the shipped .ts (by the
same reader the portal says its Chinese refusals with)."""

from __future__ import annotations

from portal.refusals import ERROR_CONTEXT, chinese

CONTEXT = ERROR_CONTEXT


def chinese_errors(context_name: str = CONTEXT) -> dict[str, str]:
    """English sentence → its finished Chinese translation (context ErrorMessages, or
    ErrorWords for the words that fill a sentence)."""
    return chinese(context_name)
