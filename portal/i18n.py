"""English and Simplified Chinese: English text is the key, portal/messages_zh.py the other."""

from __future__ import annotations

from portal.messages_zh import ZH

LANGUAGES = {"en": "English", "zh": "简体中文"}


def pick_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    """The switch (``?lang=``), then the remembered choice, then Accept-Language."""
    for chosen in (query, cookie):
        if chosen in LANGUAGES:
            return chosen  # type: ignore[return-value]
    best, best_q = "en", -1.0
    for part in (accept or "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        lang = tag.strip().lower().split("-")[0]
        if lang in LANGUAGES and q > best_q:
            best, best_q = lang, q
    return best


def gettext(lang: str, text: str, **params: object) -> str:
    """``text`` in ``lang`` with ``{name}`` fields filled (values are escaped by Jinja)."""
    translated = ZH.get(text, text) if lang == "zh" else text
    return translated.format(**params) if params else translated
