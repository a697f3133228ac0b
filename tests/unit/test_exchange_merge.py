"""Merge rules: a newer copy updates, an older one never overwrites, a real conflict is always reported."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from sg_desktop.exchange import (
    MAX_ANCESTORS,
    MergeKind,
    Record,
    Resolution,
    classify,
    plan_import,
    resolve,
)
from tests.unit.test_exchange_samples import NOW, by_id, edit, sample_alert

BASE = Record(sample_alert(1))  # the version both offices last agreed on
THEIRS = edit(BASE, title="Changed by the LGA")
THEIRS_AGAIN = edit(THEIRS, NOW + timedelta(hours=1), owner="C. Officer")
MINE = edit(BASE, summary="Changed by the council")
TOMB = edit(BASE, title="", summary="", milestones=(), offers=(), deleted=True)
STRANGER = Record(sample_alert(1, title="Same id, no shared history"))


@pytest.mark.parametrize(
    ("local", "incoming", "expected"),
    [
        (None, BASE, MergeKind.NEW),
        (None, TOMB, MergeKind.NEW),
        (BASE, BASE, MergeKind.UNCHANGED),
        (THEIRS, THEIRS, MergeKind.UNCHANGED),
        (BASE, THEIRS, MergeKind.UPDATED),
        (BASE, THEIRS_AGAIN, MergeKind.UPDATED),
        (THEIRS, THEIRS_AGAIN, MergeKind.UPDATED),
        (BASE, TOMB, MergeKind.UPDATED),
        (THEIRS, BASE, MergeKind.OLDER),
        (THEIRS_AGAIN, BASE, MergeKind.OLDER),
        (THEIRS_AGAIN, THEIRS, MergeKind.OLDER),
        (TOMB, BASE, MergeKind.OLDER),
        (MINE, THEIRS, MergeKind.CONFLICT),
        (THEIRS, MINE, MergeKind.CONFLICT),
        (MINE, THEIRS_AGAIN, MergeKind.CONFLICT),
        (MINE, TOMB, MergeKind.CONFLICT),
        (BASE, STRANGER, MergeKind.CONFLICT),
    ],
    ids=lambda v: v.name if isinstance(v, MergeKind) else None,
)
def test_classification(local: Record | None, incoming: Record, expected: MergeKind) -> None:
    assert classify(local, incoming) is expected


def test_an_older_copy_is_ignored_even_when_its_revision_number_is_higher() -> None:
    # Revision numbers are counted per office and can disagree; ancestry decides what is older.
    inflated = Record(replace(BASE.alert, revision=99))
    newer = edit(inflated, title="Newer")
    assert classify(newer, inflated) is MergeKind.OLDER
    assert classify(inflated, newer) is MergeKind.UPDATED


def test_applying_an_update_then_reimporting_it_changes_nothing() -> None:
    vault = by_id([BASE])
    plan = plan_import([THEIRS], vault.get)
    assert plan.counts()[MergeKind.UPDATED] == 1 and plan.changes_anything
    vault[THEIRS.alert.id] = THEIRS
    again = plan_import([THEIRS], vault.get)
    assert again.counts() == {**dict.fromkeys(MergeKind, 0), MergeKind.UNCHANGED: 1}
    assert not again.changes_anything


def test_the_plan_keeps_file_order_and_pairs_each_record_with_the_local_copy() -> None:
    other = Record(sample_alert(2))
    plan = plan_import([THEIRS, other], by_id([MINE]).get)
    assert [(p.kind, p.local, p.incoming) for p in plan.items] == [
        (MergeKind.CONFLICT, MINE, THEIRS), (MergeKind.NEW, None, other)
    ]
    assert plan.of_kind(MergeKind.CONFLICT)[0].incoming is THEIRS


def test_keep_mine_settles_the_conflict_on_both_sides() -> None:
    (kept,) = resolve(MINE, THEIRS, Resolution.KEEP_MINE, NOW + timedelta(days=1))
    assert kept.alert.summary == MINE.alert.summary and kept.alert.title == BASE.alert.title
    assert kept.alert.revision > max(MINE.alert.revision, THEIRS.alert.revision)
    assert classify(kept, THEIRS) is MergeKind.OLDER  # their copy no longer conflicts here
    assert classify(THEIRS, kept) is MergeKind.UPDATED  # and ours replaces theirs there


def test_take_theirs_stores_their_version_exactly() -> None:
    (taken,) = resolve(MINE, THEIRS, Resolution.TAKE_THEIRS, NOW)
    assert taken.alert == THEIRS.alert and taken.version == THEIRS.version
    assert classify(taken, THEIRS) is MergeKind.UNCHANGED
    assert classify(taken, MINE) is MergeKind.OLDER
    assert classify(THEIRS, taken) is MergeKind.UNCHANGED


def test_keep_both_makes_their_version_a_separate_alert() -> None:
    kept, copy = resolve(MINE, THEIRS, Resolution.KEEP_BOTH, NOW)
    assert kept.alert.id == MINE.alert.id and kept.alert.summary == MINE.alert.summary
    assert copy.alert.id != MINE.alert.id and copy.alert.title == THEIRS.alert.title
    assert copy.alert.reference == "" and copy.ancestors == ()
    assert {m.id for m in copy.alert.milestones}.isdisjoint({m.id for m in MINE.alert.milestones})
    assert {o.id for o in copy.alert.offers}.isdisjoint({o.id for o in MINE.alert.offers})
    assert classify(kept, THEIRS) is MergeKind.OLDER


def test_a_copy_far_behind_the_kept_ancestry_is_reported_as_a_conflict_not_overwritten() -> None:
    record = BASE
    for n in range(MAX_ANCESTORS + 5):
        record = edit(record, NOW + timedelta(minutes=n), owner=f"Officer {n}")
    assert len(record.ancestors) == MAX_ANCESTORS
    assert classify(record, BASE) is MergeKind.CONFLICT
    assert classify(BASE, record) is MergeKind.CONFLICT


def test_an_edit_that_restores_an_earlier_text_is_still_a_new_version() -> None:
    back = edit(THEIRS, title=BASE.alert.title)
    assert back.version != BASE.version
    assert classify(back, BASE) is MergeKind.OLDER
    assert classify(BASE, back) is MergeKind.UPDATED
