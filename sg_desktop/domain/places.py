"""Places in an alert: one of its own fields, or a field of one of its milestones or support offers.

A rule that is broken (`Problem.path`) or text that looks identifying (`AlertFinding.path`) says where it is
with a `FieldPath`, so whoever shows it (the editor picks the tab, the row and the field) never has to read
the place back out of a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["FieldPath", "ItemList"]


class ItemList(StrEnum):
    """The lists an alert holds; each value is the alert field's name."""

    MILESTONES = "milestones"
    OFFERS = "offers"

    @property
    def noun(self) -> str:
        """What one item is called, as in "Support offer 2"."""
        return "Milestone" if self is ItemList.MILESTONES else "Support offer"


@dataclass(frozen=True, slots=True)
class FieldPath:
    """A place in an alert: its own `field` ("title"); or, with `items`, the `field` ("note", or "" for the
    whole item) of the item at `index` (counting from 0), or with no index the list as a whole."""

    field: str = ""
    items: ItemList | None = None
    index: int | None = None

    @classmethod
    def item(cls, items: ItemList, index: int, field: str = "") -> FieldPath:
        """The `field` of the item at `index` of `items` (the whole item when `field` is "")."""
        return cls(field, items, index)

    @property
    def key(self) -> str:
        """The place as the alert's field names spell it: "title", "milestones", "offers[2]" (counting from 1),
        "milestones[1].note"."""
        if self.items is None:
            return self.field
        if self.index is None:
            return self.items.value
        where = f"{self.items.value}[{self.index + 1}]"
        return f"{where}.{self.field}" if self.field else where

    @property
    def label(self) -> str:
        """The place in the words an officer reads: "Summary", "Milestone 2 note", "Support offers"."""
        if self.items is None:
            return self.field.replace("_", " ").capitalize()
        if self.index is None:
            return f"{self.items.noun}s"
        item = f"{self.items.noun} {self.index + 1}"
        return f"{item} {self.field.replace('_', ' ')}" if self.field else item
