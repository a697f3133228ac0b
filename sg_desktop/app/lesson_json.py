"""The JSON shape of lessons that `lessons list --json` prints and `lessons add REF --from-json` reads back.

Reading is as strict as for alerts: unknown fields are refused, and every bad field is named. A support offer is
named by its number in `show REF` (`"offer": 2`) or by its id (`"offer_id"`, as `list --json` prints it beside
the number); where both are given they must name the same offer. What is the alert's, or is kept by the vault
(the lesson's id, its alert's council, kind and expected interest, each offer's organisation and kind, who
recorded it and when, its revision, whether it is this office's) is accepted back and ignored, except that
`alert` must name the alert the lesson is added to, and an offer's `organisation` and `kind`, where given, must
be that offer's: so a list printed before the alert's offers changed cannot be fed back to the wrong ones.
"""

from __future__ import annotations

from typing import Any

from sg_desktop.app.alert_json import FieldReader
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.domain.enums import Coverage, OfferingOrganisation, OfferKind, OrgType
from sg_desktop.domain.lessons import DEFAULT_LESSON_SHARING, Lesson, OfferReview, new_lesson
from sg_desktop.domain.model import Alert

__all__ = ["lesson_from_json", "lesson_to_json"]

_LESSON_FIELDS = {
    "alert", "id", "council", "council_code", "kind", "expected", "coverage", "offers", "helped", "did_not_help",
    "do_differently", "may_share", "sharing", "recorded_by", "created_at", "updated_at", "revision", "own",
}
_REVIEW_FIELDS = {"offer", "offer_id", "organisation", "kind", "accepted", "usefulness", "comment"}


def lesson_to_json(lesson: Lesson, alert: Alert | None, councils: CouncilDirectory, *, own: bool) -> dict[str, Any]:
    """A lesson as plain JSON values; `alert` (when held here) numbers its offers as `show` does."""
    council = councils.by_code(lesson.council)
    numbers = {o.id: i for i, o in enumerate(alert.offers, 1)} if alert is not None else {}
    return {
        "alert": lesson.reference,
        "id": lesson.id,
        "council": council.name if council else lesson.council,
        "council_code": lesson.council,
        "kind": lesson.kind.value,
        "expected": lesson.expected.value,
        "coverage": lesson.coverage.value,
        "offers": [
            {"offer": numbers.get(r.offer_id), "offer_id": r.offer_id, "organisation": r.organisation.value,
             "kind": r.kind.value, "accepted": r.accepted, "usefulness": r.usefulness, "comment": r.comment}
            for r in lesson.offers
        ],
        "helped": lesson.helped,
        "did_not_help": lesson.did_not_help,
        "do_differently": lesson.do_differently,
        "may_share": lesson.may_share,
        "sharing": sorted(o.value for o in lesson.sharing),
        "recorded_by": lesson.recorded_by,
        "created_at": lesson.created_at.isoformat() if lesson.created_at else None,
        "updated_at": lesson.updated_at.isoformat() if lesson.updated_at else None,
        "revision": lesson.revision,
        "own": own,
    }


def lesson_from_json(item: Any, alert: Alert) -> Lesson:
    """This office's lesson on `alert` from its JSON object; ValidationError names every bad field."""
    r = FieldReader(item, "", _LESSON_FIELDS, root="lesson")
    named = r.text("alert", required=False)
    if named is not None and named.strip().casefold() != alert.reference.casefold():
        r.problem("alert", f"names another alert than {alert.reference}")
    coverage = r.enum("coverage", Coverage)
    reviews = [_review(x, f"offers[{i}]", r, alert) for i, x in enumerate(r.list("offers"), 1)]
    sharing = [r.enum_value(v, "sharing", OrgType)
               for v in r.list("sharing", default=sorted(o.value for o in DEFAULT_LESSON_SHARING))]
    lesson = Lesson(
        **{k: getattr(new_lesson(alert), k) for k in ("alert_id", "reference", "council", "kind", "expected")},
        coverage=coverage or Coverage.NONE,
        offers=tuple(x for x in reviews if x is not None),
        helped=r.text("helped", required=False) or "",
        did_not_help=r.text("did_not_help", required=False) or "",
        do_differently=r.text("do_differently", required=False) or "",
        may_share=r.flag("may_share"),
        sharing=frozenset(s for s in sharing if s is not None),
    )
    r.done()
    return lesson


def _review(item: Any, where: str, parent: FieldReader, alert: Alert) -> OfferReview | None:
    r = FieldReader(item, where, _REVIEW_FIELDS, parent)
    number, offer_id = r.whole("offer"), r.text("offer_id", required=False)
    by_number = None
    if number is not None:
        if not 1 <= number <= len(alert.offers):
            have = f"1 to {len(alert.offers)}" if alert.offers else "none"
            r.problem("offer", f"is not a support offer of {alert.reference} (its offers are {have})")
        else:
            by_number = alert.offers[number - 1]
    by_id = next((o for o in alert.offers if o.id == offer_id), None) if offer_id is not None else None
    if offer_id is not None and by_id is None:
        r.problem("offer_id", f"is not the id of a support offer of {alert.reference}")
    if number is None and offer_id is None:
        r.problem("offer", "is required: the offer's number in `show`")
    if by_number is not None and by_id is not None and by_number.id != by_id.id:
        r.problem("offer_id", "names another offer than the number beside it")
    offer = by_number or by_id
    given = r.item
    organisation = r.enum_value(given["organisation"], "organisation", OfferingOrganisation) \
        if given.get("organisation") is not None else None
    kind = r.enum_value(given["kind"], "kind", OfferKind) if given.get("kind") is not None else None
    if offer is not None and organisation is not None and organisation is not offer.organisation:
        r.problem("organisation", f"is not the organisation of that offer ({offer.organisation.value})")
    if offer is not None and kind is not None and kind is not offer.kind:
        r.problem("kind", f"is not the kind of that offer ({offer.kind.value})")
    accepted = r.flag("accepted", required=True)
    usefulness = r.whole("usefulness")
    comment = r.text("comment", required=False) or ""
    if offer is None:
        return None
    return OfferReview(offer.id, offer.organisation, offer.kind, accepted, usefulness, comment)
