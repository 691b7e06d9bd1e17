"""Cells for CSV files people open in a spreadsheet: no formula runs when the file is opened."""

from __future__ import annotations

import re

# A spreadsheet treats a cell starting with one of these as a formula (or, for tab and
# carriage return, strips them and looks again): OWASP's "CSV injection" list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Values that start like a formula but are data a spreadsheet reads as a number: an E.164
# mobile number (+8613800138000) or a plain signed number. They stay as they are.
_PLAIN_NUMBER = re.compile(r"\+[1-9][0-9]{1,14}|[-+]?[0-9]+(\.[0-9]+)?")


def spreadsheet_cell(value: object) -> str:
    """``value`` as CSV cell text; a formula-like text gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text
