"""Retention review: View ▸ Due for review… lists closed alerts past the retention period, to delete now, keep
for another period or put on legal hold; the period itself is set in Preferences."""

__all__: list[str] = []
