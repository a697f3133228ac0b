"""Lessons learned: the dialog an officer records this office's lessons on an alert in, its review of each support
offer, and the actions that open it from the log (and offer it when an alert is closed)."""

__all__: list[str] = []
