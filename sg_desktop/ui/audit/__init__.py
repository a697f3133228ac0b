"""The Audit window: the vault's audit trail, filtered, a page at a time, and its chain verified."""

__all__: list[str] = []
