"""The digest window: it opens with the log's filters, follows its own, shows a text in full, writes the PDF with
the marking on every page, and says so when it cannot."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox
from pytestqt.qtbot import QtBot

from sg_desktop.app.digest import DigestChoice
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertKind
from sg_desktop.exchange import lesson_version
from sg_desktop.store.lessons import LessonLineage
from sg_desktop.ui.forward.digest_window import DigestWindow
from tests.gui.pdf_text import page_texts
from tests.unit.test_digest import KENT, LEEDS, known_lessons

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.fixture
def digest(qtbot: QtBot, session: Session) -> Iterator[DigestWindow]:
    with session.vault.transaction():
        session.vault.lessons.insert_many((x, LessonLineage(lesson_version(x), ())) for x in known_lessons())
    window = DigestWindow(session, DigestChoice(kind=AlertKind.TRIAL), now=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.clear()


def test_it_opens_with_the_filters_given_and_follows_its_own(digest: DigestWindow) -> None:
    assert digest.kind.currentData() == "trial"
    assert digest.summary.text() == "2 lessons held (kind Criminal trial); 1 may be quoted, giving 2 texts."
    assert [digest.by_kind.item(1, c).text() for c in range(5)] == ["Criminal trial", "2", "3", "2 (67%)", "2"]
    kind = digest.findChild(QComboBox, "digestKind")
    assert kind is not None
    kind.setCurrentIndex(0)
    assert digest.summary.text().startswith("4 lessons held;")
    council = digest.findChild(QComboBox, "digestCouncil")
    assert council is not None
    council.setCurrentIndex(council.findData(KENT))
    assert digest.summary.text() == "1 lesson held (council Kent); 0 may be quoted, giving 0 texts."
    assert digest.tabs.tabText(0) == "What helped (0)" and digest.helped_model.rowCount() == 0
    council.setCurrentIndex(council.findData(LEEDS))
    since = digest.findChild(QCheckBox, "digestSinceOn")
    assert since is not None
    digest.since.set_value(date(2026, 3, 2))
    since.click()
    assert digest.summary.text().startswith("1 lesson held (council Leeds; recorded since Monday 2 March 2026)")


def test_choosing_a_text_shows_it_whole_with_who_and_when(digest: DigestWindow) -> None:
    digest.kind.setCurrentIndex(0)
    model = digest.helped_model
    themes = [model.index(r, 0) for r in range(model.rowCount())]
    unthemed = next(i for i in themes if "Not matched" in model.data(i))
    assert "Texts with none of the themes' words" in model.data(unthemed, Qt.ItemDataRole.ToolTipRole)
    text = model.index(0, 0, unthemed)
    assert model.data(text) == "Nothing in particular."  # the first line in the list
    digest.helped.setCurrentIndex(text)
    assert digest.detail.toPlainText() == ("Nothing in particular.\nSecond line.\n\n— A council, Child Safeguarding "
                                           "Practice Review / serious case review, recorded Monday 2 March 2026")


def test_save_as_pdf_writes_the_digest_as_shown_with_the_marking_on_every_page(digest: DigestWindow,
                                                                             tmp_path: Path) -> None:
    out = tmp_path / "digest.pdf"
    digest.write_pdf(str(out))
    assert digest.status.text() == f"Saved to {out}."
    pages = page_texts(out)
    for number, text in enumerate(pages, 1):
        lines = text.splitlines()
        assert lines[0] == lines[-1] == "OFFICIAL-SENSITIVE" and f"page {number} of {len(pages)}" in lines
    assert "Filters: kind Criminal trial." in pages[0] and "2 lessons learned; 1 may be quoted." in pages[0]


def test_a_pdf_over_the_vault_is_refused_and_locked_it_says_so(digest: DigestWindow, session: Session) -> None:
    digest.write_pdf(str(session.vault.path))
    assert "nothing was written" in digest.status.text()
    digest.clear()
    digest.write_pdf(str(session.vault.path.with_name("later.pdf")))
    assert digest.status.text() == "The vault is locked; unlock it to make the digest."
    assert not session.vault.path.with_name("later.pdf").exists()
