"""The forward look: the timeline, the coming-up panel, the dashboard and the briefing report."""

__all__: list[str] = []
