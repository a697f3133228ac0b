"""Keeping every milestone date change, whoever edits the alert and however.

An editor may hand back a milestone with a new date but without a history entry (a form, a script).
`carry_history` compares with the stored copy and records the move, so the history is complete no matter
which front end made the change. A front end that asks why a date moved (the editor's "Reason for the
move", the command line's `--reason`) records the move itself, reason included, and it is kept as it is.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sg_desktop.domain.model import Alert

__all__ = ["carry_history"]


def carry_history(old: Alert, new: Alert, at: datetime) -> Alert:
    """`new` with a date change recorded for each milestone whose date or confidence differs from `old`."""
    before = {m.id: m for m in old.milestones}
    milestones = []
    for m in new.milestones:
        prev = before.get(m.id)
        if prev is None or (prev.date == m.date and prev.confidence == m.confidence):
            milestones.append(m)
            continue
        if len(m.history) > len(prev.history):
            milestones.append(m)  # the editor already recorded this move
            continue
        milestones.append(replace(prev, kind=m.kind, time=m.time, note=m.note).moved(m.date, m.confidence, at))
    return replace(new, milestones=tuple(milestones))
