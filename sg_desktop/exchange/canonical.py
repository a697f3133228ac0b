"""Canonical JSON (RFC 8785) for the values the protocol writes, and a strict JSON reader.

The protocol only ever writes objects with ASCII keys, strings, integers within ±(2**53 - 1), booleans,
null and arrays. For that subset RFC 8785 (JCS) is exactly what `json.dumps` produces with sorted keys,
no whitespace and no ASCII escaping: keys sort the same by UTF-16 code unit and by code point when they
are ASCII, strings escape `"`, `\\` and control characters the same way, and integers print as digits.
The tests compare this with the `rfc8785` package on generated values; we use `json` because it is
several times faster, which matters for a file of ten thousand alerts.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["canonical_json", "loads_strict"]


def canonical_json(value: object) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of `value` (protocol values only; see the module docstring)."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate has no UTF-8 form; RFC 8785 requires well-formed Unicode.
        raise ValueError("text contains an unpaired surrogate") from None


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("an object has the same key twice")
    return result


def _no_float(_text: str) -> Any:
    raise ValueError("the protocol has no fractional numbers")


def _no_constant(_text: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


def loads_strict(data: bytes) -> Any:
    """Parse UTF-8 JSON, refusing duplicate keys, fractions, NaN/Infinity and anything not UTF-8.

    Raises ValueError with a short reason that never quotes the input.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None
    try:
        return json.loads(
            text, object_pairs_hook=_pairs, parse_float=_no_float, parse_int=int, parse_constant=_no_constant
        )
    except RecursionError:
        raise ValueError("it is nested too deeply") from None
    except json.JSONDecodeError as exc:
        # JSONDecodeError's message is "<reason>: line L column C (char N)", without the input itself.
        raise ValueError(f"it is not valid JSON ({exc.msg})") from None
