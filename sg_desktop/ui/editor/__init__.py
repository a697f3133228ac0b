"""The alert editor: the dialog with its undo stack, its details, milestones and support-offers pages, the
fields they are built from, and the questions it asks before it stores, discards or deletes."""

__all__: list[str] = []
