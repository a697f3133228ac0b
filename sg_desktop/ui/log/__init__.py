"""The alert log: the main window, its table model read a page at a time from the vault, the filter bar
with search as you type, and the details pane beside the table."""

__all__: list[str] = []
