"""The reference list of English councils, read once from the packaged CSV."""

from __future__ import annotations

from functools import cache

from sg_desktop.domain.councils import Council, parse_councils
from sg_desktop.resources import councils_csv

__all__ = ["english_councils"]


@cache
def english_councils() -> tuple[Council, ...]:
    """Every English council with children's-services responsibility."""
    return parse_councils(councils_csv())
