"""Where the timeline finds the words it shows for its marks: the vault, read a stretch at a time and kept
(`ReadOnce` over `ForwardService`), or rows already read (`RowSource`, for small views and tests)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from sg_desktop.app.forward import AlertHead, Mark, MilestoneRow
from sg_desktop.domain.enums import AlertKind
from sg_desktop.domain.forward import mark_code

__all__ = ["MarkSource", "ReadOnce", "RowSource"]


class MarkSource(Protocol):
    """Where a layout of marks finds the words it shows: the vault (`ForwardService`), or rows already read."""

    def heads(self, alerts: Iterable[int]) -> Mapping[int, AlertHead]:
        """The id, reference and title of each alert (by the first number of its marks)."""

    def groups(self, alerts: Iterable[int]) -> Mapping[int, tuple[str, AlertKind]]:
        """The council (ONS code) and kind of each alert."""

    def rows_of(self, milestones: Iterable[int]) -> Mapping[int, MilestoneRow]:
        """The full row of each milestone (by the second number of its mark)."""


class ReadOnce:
    """A `MarkSource` that keeps what it has read, so a line or a mark already shown is not read again (until
    the vault changes: then the timeline makes a new one)."""

    def __init__(self, source: MarkSource) -> None:
        self._source = source
        self._heads: dict[int, AlertHead] = {}
        self._groups: dict[int, tuple[str, AlertKind]] = {}
        self._rows: dict[int, MilestoneRow] = {}

    def heads(self, alerts: Iterable[int]) -> Mapping[int, AlertHead]:
        """The heads asked for, reading only those not read before."""
        wanted = list(alerts)
        missing = [a for a in wanted if a not in self._heads]
        if missing:
            self._heads.update(self._source.heads(missing))
        return self._heads

    def groups(self, alerts: Iterable[int]) -> Mapping[int, tuple[str, AlertKind]]:
        """The councils and kinds asked for, reading only those not read before."""
        missing = [a for a in alerts if a not in self._groups]
        if missing:
            self._groups.update(self._source.groups(missing))
        return self._groups

    def rows_of(self, milestones: Iterable[int]) -> Mapping[int, MilestoneRow]:
        """The rows asked for, reading only those not read before."""
        missing = [m for m in milestones if m not in self._rows]
        if missing:
            self._rows.update(self._source.rows_of(missing))
        return self._rows


class RowSource:
    """A `MarkSource` over rows already read (for tests and small views): alert n is the nth alert met."""

    def __init__(self, rows: Sequence[MilestoneRow]) -> None:
        self.rows = rows
        self.alerts: list[MilestoneRow] = []
        self.marks: list[Mark] = []
        number: dict[str, int] = {}
        for key, row in enumerate(rows):
            alert = number.setdefault(row.alert_id, len(number))
            if alert == len(self.alerts):
                self.alerts.append(row)
            self.marks.append((alert, key, mark_code(row.date, row.confidence, row.media_interest)))

    def heads(self, alerts: Iterable[int]) -> Mapping[int, AlertHead]:
        return {a: AlertHead(self.alerts[a].alert_id, self.alerts[a].reference, self.alerts[a].title) for a in alerts}

    def groups(self, alerts: Iterable[int]) -> Mapping[int, tuple[str, AlertKind]]:
        return {a: (self.alerts[a].council, self.alerts[a].alert_kind) for a in alerts}

    def rows_of(self, milestones: Iterable[int]) -> Mapping[int, MilestoneRow]:
        return {m: self.rows[m] for m in milestones}
