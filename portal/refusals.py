"""Service refusals in the page's language, by their error code.

The English sentence of a code is the one catalogue's (app/messages.py); its Chinese is the
console's translation of that sentence (resources/translations/iamdesk_zh_CN.ts, context
``ErrorMessages``, and ``ErrorWords`` for the words that fill it), so the portal and the console
say the same thing. A refusal raised with a plain English sentence says its class's sentence.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import lru_cache

from app.errors import IamDeskError
from app.messages import CATALOGUE, WORD_PARAMS, WORDS, fill
from app.resources import resource_path

CHINESE_CATALOGUE = ("translations", "iamdesk_zh_CN.ts")
ERROR_CONTEXT = "ErrorMessages"
WORD_CONTEXT = "ErrorWords"


@lru_cache(maxsize=2)
def chinese(context: str) -> dict[str, str]:
    """English sentence → its finished Chinese translation in ``context`` (empty when the
    catalogue is not installed: English is shown then)."""
    path = resource_path(*CHINESE_CATALOGUE)
    if not path.is_file():
        return {}
    found: dict[str, str] = {}
    for element in ET.parse(path).getroot().iter("context"):  # noqa: S314 (our own file)
        if element.findtext("name") != context:
            continue
        for message in element.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete"):
                continue
            found[message.findtext("source") or ""] = translation.text or ""
    return found


def refusal_text(lang: str, error: IamDeskError) -> str:
    """``error`` as the page in ``lang`` says it."""
    if lang != "zh":
        return str(error)
    code = error.code if error.from_catalogue else type(error).default_code
    sentences = chinese(ERROR_CONTEXT)
    template = sentences.get(CATALOGUE.get(code, "")) or sentences.get(
        CATALOGUE[type(error).default_code]
    )
    if template is None:
        return str(error)
    params = {"field": error.field, **error.params}
    words = chinese(WORD_CONTEXT)
    for key in WORD_PARAMS:
        if params.get(key) in WORDS:
            params[key] = words.get(str(params[key]), params[key])
    return fill(template, params)
