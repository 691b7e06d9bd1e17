"""The console's language: which one (IAMDESK_LANG, the workstation's choice, the system
locale) and the translators that speak it (the app's .qm and Qt's own qtbase strings)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from ui.resources import resource_path

log = logging.getLogger(__name__)

ENV_LANG = "IAMDESK_LANG"
LANGUAGE_SETTING = "workstation/language"  # a per-workstation preference, "" = system locale
CATALOG = "iamdesk"  # resources/translations/iamdesk_<language>.qm
# The languages the console speaks, each named in itself (a menu shows these as they are).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
DEFAULT = "en"  # the source strings' language

_installed: list[QTranslator] = []


def normalize(name: str | None) -> str | None:
    """A supported language for a locale name ("zh_CN", "zh-Hans-CN", "zh_CN.UTF-8", "en_GB",
    "C"), or None when the console does not speak it."""
    if not name:
        return None
    text = name.split(".", 1)[0].split("@", 1)[0].replace("-", "_").strip()
    if not text:
        return None
    if text in ("C", "POSIX"):
        return DEFAULT
    parts = text.split("_")
    language = parts[0].lower()
    if language == "en":
        return "en"
    if language == "zh":
        rest = {part.upper() for part in parts[1:]}
        if rest & {"TW", "HK", "MO", "HANT"}:
            return None  # Traditional Chinese: not translated (yet)
        return "zh_CN"
    return None


def system_language() -> str:
    """The system locale's language when the console speaks it, else English."""
    locale = QLocale.system()
    for name in (*locale.uiLanguages(), locale.name()):
        found = normalize(name)
        if found:
            return found
    return DEFAULT


def chosen_language(env: Mapping[str, str] | None = None) -> str:
    """The language to start in: IAMDESK_LANG, else the operator's choice on this
    workstation (QSettings), else the system locale."""
    environ = os.environ if env is None else env
    forced = environ.get(ENV_LANG, "").strip()
    if forced:
        found = normalize(forced)
        if found:
            return found
        log.warning("%s=%r is not a language IAM Desk speaks (%s)",
                    ENV_LANG, forced, ", ".join(LANGUAGES))  # fmt: skip
    return normalize(saved_language()) or system_language()


def saved_language() -> str:
    """The workstation's choice ("" for the system locale)."""
    value = QSettings().value(LANGUAGE_SETTING, "")
    return str(value or "")


def save_language(language: str) -> None:
    """Remember the workstation's choice ("" for the system locale); used at next start."""
    if language and language not in LANGUAGES:
        raise ValueError(f"not a language IAM Desk speaks: {language}")
    QSettings().setValue(LANGUAGE_SETTING, language)


def environment_override() -> str | None:
    """The language IAMDESK_LANG forces, when it names one the console speaks."""
    return normalize(os.environ.get(ENV_LANG, "").strip())


def catalog_path(language: str) -> str:
    """The app's compiled catalog for ``language`` (resources/translations/iamdesk_<lang>.qm)."""
    return str(resource_path("translations", f"{CATALOG}_{language}.qm"))


def remove_translators(app: QCoreApplication) -> None:
    """Take out the translators install_translators put in (the source English shows)."""
    for old in _installed:
        app.removeTranslator(old)
        old.deleteLater()
    _installed.clear()


def install_translators(app: QCoreApplication, language: str) -> str:
    """Install the app's and Qt's translators for ``language`` (replacing earlier ones) and
    make it the default QLocale. Returns the language installed."""
    remove_translators(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for file_name, folder in (
        (f"qtbase_{language}", qt_folder),
        (f"{CATALOG}_{language}", str(resource_path("translations"))),
    ):
        translator = QTranslator(app)
        if translator.load(file_name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            if language != DEFAULT:  # English is the source: its catalogs add plurals only
                log.warning("no translation %s.qm in %s", file_name, folder)
            translator.deleteLater()
    if normalize(QLocale.system().name()) != language:
        QLocale.setDefault(QLocale(language))
    return language


def translate_in(language: str, context: str, source: str) -> str:
    """``source`` as ``language`` says it (without installing anything), else ``source``:
    a note about switching languages reads in the language chosen too."""
    translator = QTranslator()
    if language != DEFAULT and translator.load(catalog_path(language)):
        return translator.translate(context, source) or source
    return source
