"""Passing alerts between offices: the Exchange menu, the offices dialog (cards, fingerprints, trust), the
export dialog and the import dialog with its summary and conflicts pages."""

__all__: list[str] = []
