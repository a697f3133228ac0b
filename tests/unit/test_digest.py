"""The "what works" digest of a known set of lessons: the counts by kind of case and of support, coverage against
expectation, texts only from lessons that may be shared, grouped by the first theme whose word they hold, and a
council named only where the lesson may go to other councils."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sg_desktop.app.digest import A_COUNCIL, Digest, DigestChoice
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertKind, Coverage, MediaInterest, OfferingOrganisation, OfferKind, OrgType
from sg_desktop.domain.lesson_themes import THEMES, UNTHEMED, theme_of
from sg_desktop.domain.lessons import CoverageVerdict, Lesson, OfferReview
from sg_desktop.exchange import lesson_version
from sg_desktop.store.lessons import LessonLineage

LEEDS, YORK, KENT = "E08000035", "E06000014", "E10000016"
WIDE = frozenset({OrgType.LGA, OrgType.ADCS, OrgType.COUNCIL})
USUAL = frozenset({OrgType.LGA, OrgType.ADCS})
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def review(kind: OfferKind, accepted: bool, usefulness: int | None = None) -> OfferReview:
    return OfferReview(f"offer-{kind.value}-{accepted}-{usefulness}", OfferingOrganisation.LGA, kind, accepted,
                       usefulness)


def known_lessons() -> list[Lesson]:
    def at(day: int) -> datetime:
        return datetime(2026, 3, day, 12, 0, tzinfo=UTC)

    return [
        Lesson("a1", "LGA-2026-0001", LEEDS, AlertKind.TRIAL, MediaInterest.NATIONAL, Coverage.REGIONAL,
               (review(OfferKind.PEER_MENTOR, True, 5), review(OfferKind.MEDIA_ADVICE, False)),
               helped="The mentor rang the leader every evening.", do_differently="Plan earlier for the press.",
               may_share=True, sharing=WIDE, id="l1", created_at=at(1)),
        Lesson("a2", "LGA-2026-0002", YORK, AlertKind.CSPR, MediaInterest.LOCAL, Coverage.NATIONAL,
               (review(OfferKind.DIRECTOR_SUPPORT, True, 3),), helped="Nothing in particular.\nSecond line.",
               may_share=True, sharing=USUAL, id="l2", created_at=at(2)),
        Lesson("a3", "LGA-2026-0003", KENT, AlertKind.TRIAL, MediaInterest.REGIONAL, Coverage.REGIONAL,
               (review(OfferKind.PEER_MENTOR, True, 4),), helped="Kept back: not to be quoted.",
               do_differently="Not to be quoted either.", may_share=False, sharing=WIDE, id="l3", created_at=at(3)),
        Lesson("a4", "LGA-2026-0004", LEEDS, AlertKind.INQUEST, MediaInterest.NATIONAL, Coverage.NONE, (),
               helped="   ", may_share=True, sharing=WIDE, id="l4", created_at=at(4)),
    ]


def store(session: Session, lessons: list[Lesson]) -> None:
    """Keep `lessons` as received from other offices."""
    with session.vault.transaction():
        session.vault.lessons.insert_many((x, LessonLineage(lesson_version(x), ())) for x in lessons)


def digest_of(session: Session, lessons: list[Lesson]) -> Digest:
    store(session, lessons)
    return session.digest.digest(DigestChoice(), NOW, "LGA")


def test_the_counts_of_a_known_set_of_lessons(session: Session) -> None:
    digest = digest_of(session, known_lessons())
    assert (digest.lessons, digest.shared) == (4, 3)
    by_kind = {t.key: (t.lessons, t.offered, t.accepted, t.useful) for t in digest.by_kind}
    assert by_kind == {"cspr": (1, 1, 1, 0), "trial": (2, 3, 2, 2), "inquest": (1, 0, 0, 0), "ofsted": (0, 0, 0, 0),
                       "dhr": (0, 0, 0, 0), "other": (0, 0, 0, 0)}
    by_offer = {t.key: (t.lessons, t.offered, t.accepted, t.useful) for t in digest.by_offer}
    assert by_offer == {"peer-mentor": (2, 2, 2, 2), "media-advice": (1, 1, 0, 0), "comms-support": (0, 0, 0, 0),
                        "director-support": (1, 1, 1, 0), "other": (0, 0, 0, 0)}
    assert [t.accepted_share for t in digest.by_offer] == ["100%", "0%", "—", "100%", "—"]
    assert digest.coverage == ((MediaInterest.LOCAL, (0, 0, 0, 1)), (MediaInterest.REGIONAL, (0, 0, 1, 0)),
                               (MediaInterest.NATIONAL, (1, 0, 1, 0)))
    assert dict(digest.verdicts) == {CoverageVerdict.LOWER: 2, CoverageVerdict.AS_EXPECTED: 1,
                                     CoverageVerdict.HIGHER: 1}


def test_only_lessons_that_may_be_shared_give_texts_and_a_council_is_named_only_where_its_scope_allows(
    session: Session,
) -> None:
    digest = digest_of(session, known_lessons())
    helped = {g.theme: [(t.text, t.council, t.kind) for t in g.texts] for g in digest.helped}
    assert helped == {
        "Peer support and mentoring": [("The mentor rang the leader every evening.", "Leeds", AlertKind.TRIAL)],
        UNTHEMED: [("Nothing in particular.\nSecond line.", A_COUNCIL, AlertKind.CSPR)],
    }
    # "Plan earlier for the press" holds words of two themes: it goes under the first in the table's order.
    assert [(g.theme, [t.text for t in g.texts]) for g in digest.differently] == [
        ("Media and press handling", ["Plan earlier for the press."])]
    quoted = " ".join(t.text for g in (*digest.helped, *digest.differently) for t in g.texts)
    assert "quoted" not in quoted and "LGA-2026" not in quoted
    assert digest.texts == 3


def test_texts_under_a_theme_come_newest_first(session: Session) -> None:
    lessons = [Lesson(f"a{i}", f"R{i}", LEEDS, AlertKind.TRIAL, MediaInterest.LOCAL, Coverage.LOCAL,
                      helped=f"Staff briefing number {i}.", may_share=True, id=f"l{i}",
                      created_at=datetime(2026, 1, i, tzinfo=UTC)) for i in (1, 2, 3)]
    [group] = digest_of(session, lessons).helped
    assert group.theme == "Staff and the director"
    assert [t.recorded for t in group.texts] == [date(2026, 1, 3), date(2026, 1, 2), date(2026, 1, 1)]


@pytest.mark.parametrize(("text", "theme"), [
    ("The PEER mentor was there", "Peer support and mentoring"),
    ("Statements to journalists", "Media and press handling"),
    ("We prepared a timetable", "Timing and preparation"),
    ("The cabinet member for children", "Political leadership"),
    ("Frontline staff morale", "Staff and the director"),
    ("Police and health partners", "Partners and briefing"),
    ("Reassurance for parents", "Families and the public"),
    ("Pressing on regardless", UNTHEMED),  # a whole word only: "pressing" is not "press"
    ("", UNTHEMED),
])
def test_a_text_goes_under_the_first_theme_one_of_whose_words_it_holds(text: str, theme: str) -> None:
    assert theme_of(text) == theme
    assert theme in {t.name for t in THEMES} | {UNTHEMED}


def test_the_digests_filters_are_the_logs_and_a_day_recorded_since(session: Session) -> None:
    store(session, known_lessons())
    digest = session.digest

    def counted(choice: DigestChoice) -> int:
        return digest.digest(choice, NOW, "LGA").lessons

    assert counted(DigestChoice()) == 4
    assert counted(DigestChoice(kind=AlertKind.TRIAL)) == 2
    assert counted(DigestChoice(council=LEEDS)) == 2
    assert counted(DigestChoice(region="Yorkshire and The Humber")) == 3
    assert counted(DigestChoice(region="South East")) == 1
    assert counted(DigestChoice(since=date(2026, 3, 3))) == 2
    assert counted(DigestChoice(council=LEEDS, kind=AlertKind.CSPR)) == 0
    assert digest.words(DigestChoice(council=LEEDS, kind=AlertKind.INQUEST, since=date(2026, 3, 3))) == (
        "council Leeds", "kind Inquest", "recorded since Tuesday 3 March 2026")
