"""The forward look: the timeline, the coming-up panel, the dashboard, the briefing report and the "what works"
digest."""

__all__: list[str] = []
