"""Records, rules, validation, the identifying-data guard and the error tree: the standard library only."""

__all__: list[str] = []
