"""Reading numbers and dates from addresses and forms, refusing what is not one."""

import datetime as dt
import re
import unicodedata

# ASCII digits only: "²" and "٣" pass str.isdigit() and then fail int() or the database.
DIGITS = re.compile(r"[0-9]{1,18}")


def parse_id(text: str | None) -> int | None:
    """Return the row number a parameter names, or None when it is not one."""
    return int(text) if text and DIGITS.fullmatch(text) else None


def parse_day(text: str | None) -> dt.date | None:
    """Return the day an ISO date parameter (2024-03-26) names, or None."""
    try:
        return dt.date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None


def parse_text(text: str | None, limit: int) -> str:
    """Return a typed search as text the database takes: control characters (a NUL) left out."""
    kept = "".join(ch for ch in (text or "") if unicodedata.category(ch) not in ("Cc", "Cs"))
    return kept.strip()[:limit]
