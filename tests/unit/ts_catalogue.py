"""The finished zh_CN translations of the refusal catalogue, read from the shipped .ts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

TS = Path(__file__).resolve().parents[2] / "resources/translations/iamdesk_zh_CN.ts"
CONTEXT = "ErrorMessages"


@lru_cache(maxsize=2)
def chinese_errors(context_name: str = CONTEXT) -> dict[str, str]:
    """English sentence → its finished Chinese translation (context ErrorMessages, or
    ErrorWords for the words that fill a sentence)."""
    found: dict[str, str] = {}
    for context in ET.parse(TS).getroot().iter("context"):  # noqa: S314 (our own file)
        if context.findtext("name") != context_name:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete"):
                continue
            found[message.findtext("source") or ""] = translation.text or ""
    return found
