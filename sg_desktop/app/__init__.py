"""The use cases the window and the command line share: vaults, alerts, offices, protocol files in and out."""

__all__: list[str] = []
