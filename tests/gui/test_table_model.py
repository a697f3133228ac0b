"""The alert log's table model: a well-behaved Qt model that pages from the vault and sorts in SQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertKind, AlertStatus, DateConfidence, MediaInterest, MilestoneKind
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.domain.query import AlertQuery, SortKey
from sg_desktop.domain.urgency import UrgencyLevel
from sg_desktop.ui.log.table_model import ALERT_ID_ROLE, URGENCY_ROLE, AlertTableModel, Column

LEEDS, YORK = "E08000035", "E06000014"
TODAY = date(2026, 11, 24)


def fill(session: Session, n: int) -> list[Alert]:
    """`n` alerts, the i-th with its milestone i days from today (alternating councils and kinds)."""
    alerts = [
        Alert(LEEDS if i % 2 else YORK, (AlertKind.CSPR, AlertKind.TRIAL, AlertKind.INQUEST)[i % 3],
              f"Alert {i:03d}", status=AlertStatus.ACTIVE,
              media_interest=MediaInterest.NATIONAL if i % 4 == 0 else MediaInterest.LOCAL,
              milestones=(Milestone(MilestoneKind.PUBLICATION, TODAY + timedelta(days=i), DateConfidence.CONFIRMED),))
        for i in range(n)
    ]
    return session.alerts.add_many(alerts)


@pytest.fixture
def model(qapp: QApplication, session: Session) -> AlertTableModel:
    """A model over 30 alerts, with pages of 7 rows so that paging is exercised."""
    fill(session, 30)
    m = AlertTableModel()
    m.PAGE_SIZE = 7
    m.MAX_PAGES = 2
    m.set_service(session.alerts)
    return m


def test_the_model_passes_qtmodeltester(qtmodeltester: ModelTester, model: AlertTableModel) -> None:
    qtmodeltester.check(model)  # Qt's own QAbstractItemModelTester
    qtmodeltester.check(model, force_py=True)


def test_an_empty_and_a_locked_model_pass_qtmodeltester(qtmodeltester: ModelTester, qapp: QApplication,
                                                        session: Session) -> None:
    empty = AlertTableModel()
    qtmodeltester.check(empty, force_py=True)
    empty.set_service(session.alerts)
    assert empty.rowCount() == 0
    qtmodeltester.check(empty, force_py=True)


def test_filter_sort_and_clear_keep_the_model_consistent(qtmodeltester: ModelTester,
                                                         model: AlertTableModel) -> None:
    qtmodeltester.check(model)  # Qt's own QAbstractItemModelTester
    qtmodeltester.check(model, force_py=True)
    model.set_filter(AlertQuery(councils=frozenset({LEEDS})))
    assert model.rowCount() == 15
    model.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    model.clear()
    assert model.rowCount() == 0 and model.index(0, 0).data() is None


def test_rows_are_read_page_by_page_and_only_a_few_pages_are_kept(model: AlertTableModel) -> None:
    titles = [model.index(row, Column.TITLE).data() for row in range(model.rowCount())]
    assert titles == [f"Alert {i:03d}" for i in range(30)]
    assert model.total == 30 and model.rowCount() == 30
    assert model.cached_pages <= model.MAX_PAGES  # the cache is bounded, whatever was scrolled through
    assert model.index(29, Column.TITLE).data() == "Alert 029"


def test_a_search_shows_its_first_page_at_once_and_counts_the_rest_later(
    qtbot: QtBot, qtmodeltester: ModelTester, model: AlertTableModel
) -> None:
    qtmodeltester.check(model, force_py=True)
    model.set_filter(AlertQuery(text="alert"))
    assert model.rowCount() == 7 and not model.count_is_exact and model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.counts_changed, timeout=2000):
        pass  # typing has paused: the rest is counted
    assert model.rowCount() == 30 and model.count_is_exact and not model.canFetchMore(QModelIndex())
    model.set_filter(AlertQuery(text="alert 0"))
    assert model.rowCount() == 7
    model.fetchMore(QModelIndex())  # scrolling past the first page counts straight away
    qtbot.waitUntil(lambda: model.rowCount() == 30, timeout=2000)
    model.set_filter(AlertQuery(text="alert 029"))  # a search of one page or less is exact at once
    assert model.count_is_exact and model.rowCount() == 1


def test_sorting_asks_the_vault_for_the_order(model: AlertTableModel) -> None:
    model.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    assert (model.query.sort, model.query.descending) == (SortKey.TITLE, True)
    assert model.index(0, Column.TITLE).data() == "Alert 029"
    model.sort(Column.MEDIA, Qt.SortOrder.AscendingOrder)
    assert model.index(0, Column.MEDIA).data() == "National"
    model.sort(Column.DAYS, Qt.SortOrder.AscendingOrder)  # days to go follow the next date
    assert model.query.sort == SortKey.NEXT_DATE
    assert model.index(0, Column.DAYS).data() == "Today"


def test_sorting_by_council_orders_the_names_shown(model: AlertTableModel) -> None:
    # York's code (E06000014) comes before Leeds's (E08000035); an officer expects Leeds first.
    model.sort(Column.COUNCIL, Qt.SortOrder.AscendingOrder)
    shown = [model.index(row, Column.COUNCIL).data() for row in range(model.rowCount())]
    assert shown == ["Leeds"] * 15 + ["York"] * 15
    model.sort(Column.COUNCIL, Qt.SortOrder.DescendingOrder)
    assert [model.index(row, Column.COUNCIL).data() for row in (0, 14, 15, 29)] == ["York", "York", "Leeds", "Leeds"]


def test_a_filter_keeps_the_sort_order(model: AlertTableModel) -> None:
    model.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    model.set_filter(AlertQuery(text="alert", sort=SortKey.REFERENCE))
    assert model.query.sort == SortKey.TITLE and model.query.descending


def test_urgency_has_a_word_a_level_and_an_icon(model: AlertTableModel) -> None:
    first = model.index(0, Column.URGENCY)  # publication today, confirmed, national interest
    assert first.data() == "Critical"
    assert first.data(URGENCY_ROLE) == UrgencyLevel.CRITICAL
    assert first.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "publication today" in first.data(Qt.ItemDataRole.ToolTipRole)
    # Local interest, confirmed dates: ten days away is high, 29 days medium.
    assert [model.index(row, Column.URGENCY).data() for row in (10, 29)] == ["High", "Medium"]


def test_cells_read_as_an_officer_expects(model: AlertTableModel, session: Session) -> None:
    row = 3
    assert model.index(row, Column.COUNCIL).data() == "Leeds"
    assert model.index(row, Column.KIND).data() == "Practice review"
    assert model.index(row, Column.KIND).data(Qt.ItemDataRole.ToolTipRole) == AlertKind.CSPR.label
    assert model.index(row, Column.NEXT).data() == "Publication"
    assert model.index(row, Column.DATE).data() == "27 Nov 2026"
    assert model.index(row, Column.DAYS).data() == "In 3 days"
    assert model.index(row, Column.CONFIDENCE).data() == "Confirmed"
    assert model.index(row, Column.OFFERS).data() == "—"
    alert_id = model.index(row, 0).data(ALERT_ID_ROLE)
    assert session.alerts.get_by_id(alert_id).title == "Alert 003"
    assert model.headerData(Column.DAYS, Qt.Orientation.Horizontal) == "Days to go"
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag.NoItemFlags
    assert model.rowCount(model.index(0, 0)) == 0


def test_row_of_finds_an_alert_wherever_it_is(model: AlertTableModel) -> None:
    third = model.index(3, 0).data(ALERT_ID_ROLE)
    late = model.index(25, 0).data(ALERT_ID_ROLE)
    assert model.row_of(late) == 25
    assert model.row_of(late, hint=24) == 25
    for row in (8, 15):  # read further pages, so the first one leaves the cache
        model.index(row, 0).data()
    assert model.row_of(third, cached_only=True) is None  # not among the rows at hand
    assert model.row_of(third) == 3
    assert model.row_of("no-such-id") is None


def test_every_column_answers_every_role_without_error(model: AlertTableModel) -> None:
    for column in Column:
        index = model.index(0, column)
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole,
                     Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.AccessibleTextRole):
            index.data(role)
    assert model.data(QModelIndex()) is None
