"""Office identities: this office's card, and the other offices it exchanges protocol files with.

An office added from its card is *untrusted* until an officer has compared its fingerprint digits with
the other office by phone; only then are its keys pinned as trusted. An office without SG Desktop is
added by its age recipient: it can receive files, never send them. Replacing a pinned key is its own,
audited action. Every change here is audited with fingerprints only.

A council's office is recorded with its council (an ONS code), as it always may receive the alerts about
that council: given when it is added, else taken from its name where that names one council, and
changeable later. Removing an office forgets its keys and what it was known to hold; the alerts received
from it stay, and the files it sent stay recorded as imported, so adding the same keys again works and
its old files are still refused as already imported.
"""

from __future__ import annotations

from datetime import datetime

from sg_desktop.app.clock import Clock
from sg_desktop.crypto.identity import OfficeKeys
from sg_desktop.domain.councils import Council, CouncilDirectory
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import NotFound, Problem, UnknownSender, ValidationError
from sg_desktop.domain.office import Office, OfficeProfile, TrustMethod
from sg_desktop.exchange import AgeOnlyRecipient, OfficeCard, Recipient, parse_card
from sg_desktop.store.audit import AuditLog
from sg_desktop.store.exchange_state import ExchangeState
from sg_desktop.store.offices import OfficeRepository
from sg_desktop.store.vault import Transaction

__all__ = ["Office", "OfficeCard", "OfficeService", "TrustMethod", "recipient_of"]


def recipient_of(office: Office) -> Recipient:
    """The office as the exchange package addresses it: its card, or its bare age recipient."""
    if office.signing_public is None:
        return AgeOnlyRecipient(office.name, office.org_type, office.age_recipient)
    return OfficeCard(office.name, office.org_type, office.signing_public, office.age_recipient)


def _digits_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _council_detail(code: str) -> dict[str, str]:
    return {"council": code} if code else {}


class OfficeService:
    """This office's identity and the offices it knows, in one unlocked vault."""

    def __init__(self, offices: OfficeRepository, exchange: ExchangeState, audit: AuditLog,
                 transaction: Transaction, clock: Clock, profile: OfficeProfile, councils: CouncilDirectory) -> None:
        self._repo = offices
        self._exchange = exchange
        self._audit = audit
        self._transaction = transaction
        self._clock = clock
        self._profile = profile
        self._councils = councils

    # -- this office -----------------------------------------------------------------------------

    def keys(self) -> OfficeKeys:
        """This office's private keys (for signing and opening files; never shown or written out)."""
        return self._repo.identity()

    def card(self) -> OfficeCard:
        """This office's signed card, to give to other offices as a file or a string."""
        return OfficeCard.issue(self.keys(), self._profile.name, self._profile.org_type)

    # -- reading cards ---------------------------------------------------------------------------

    def read_card(self, text_or_bytes: str | bytes) -> OfficeCard:
        """A card from its file's bytes or its `sgcard1:` string; MalformedFile says what is wrong."""
        return parse_card(text_or_bytes)

    # -- the offices -----------------------------------------------------------------------------

    def all(self) -> list[Office]:
        """Every office this vault knows, by name."""
        return self._repo.all()

    def get(self, name: str) -> Office:
        """The office of this name (ignoring case); NotFound otherwise."""
        office = self._repo.by_name(name)
        if office is None:
            known = ", ".join(o.name for o in self._repo.all())
            hint = f" Known offices: {known}." if known else " No offices have been added yet."
            raise NotFound(f"There is no office called {name.strip()!r}.{hint}")
        return office

    def add(self, card: OfficeCard, *, trust: bool = False, council: str | None = None) -> Office:
        """Add an office from its card: untrusted until its fingerprint is confirmed, unless `trust` (scripts).

        With `trust` the caller must show the fingerprint it trusted (the command line prints it). For a
        council's office, `council` (a name or ONS code) says which council it is; without it, the council
        its name names, if it names one.
        """
        code = self._council_for(card.name, card.org_type, council)
        now = self._clock.now()
        with self._transaction():
            self._check_new(card.name, card.fingerprint)
            method = TrustMethod.ON_ADD if trust else None
            office = self._repo.add(card.name, card.org_type, card.age_recipient, card.signing_public,
                                    card.fingerprint, now, method, code)
            self._audit.append(now, "office.add", office.fingerprint.hex(), org=office.org_type.value,
                                     kind="sg-desktop", trusted=method.value if method else "no",
                                     **_council_detail(code))
        return office

    def add_age(self, name: str, org_type: OrgType, age_recipient: str, *, council: str | None = None) -> Office:
        """Add an office without SG Desktop by its age recipient (`age1…`): it can receive files, not send.

        `council` is as for `add`.
        """
        recipient = AgeOnlyRecipient(name.strip(), org_type, age_recipient.strip())
        code = self._council_for(recipient.name, org_type, council)
        now = self._clock.now()
        with self._transaction():
            self._check_new(recipient.name, recipient.fingerprint)
            # The officer typed or pasted the recipient themselves: there is nothing further to compare.
            office = self._repo.add(recipient.name, org_type, recipient.age_recipient, None, recipient.fingerprint,
                                    now, TrustMethod.AGE_RECIPIENT, code)
            self._audit.append(now, "office.add", office.fingerprint.hex(), org=org_type.value,
                                     kind="age-only", trusted=TrustMethod.AGE_RECIPIENT.value,
                                     **_council_detail(code))
        return office

    def council_from_name(self, name: str) -> Council | None:
        """The council an office's name names ("Wokingham Borough Council" → Wokingham), or None."""
        return self._councils.find(name) if name.strip() else None

    def council_of(self, office: Office) -> Council | None:
        """The council whose own office `office` is, where that is recorded (and the council is known here)."""
        return self._councils.by_code(office.own_council) if office.own_council else None

    def set_council(self, name: str, council: str) -> Office:
        """Record which council (a name or ONS code) a council's office belongs to; audited.

        ValidationError for an office that is not a council's, or a council that is not known.
        """
        office = self.get(name)
        code = self._council_for(office.name, office.org_type, council)
        if code == office.council:
            return office
        with self._transaction():
            self._record_council(office, code, self._clock.now(), "officer")
        return self.get(office.name)

    def record_councils_from_names(self) -> None:
        """Give each council office whose council is not recorded the council its name names, if it names one.

        For offices added before councils were recorded. Writes nothing when there are none to fill, so a
        session that only reads leaves the vault as it was.
        """
        found = [(office, self.council_from_name(office.name)) for office in self._repo.without_council()]
        named = [(office, council) for office, council in found if council is not None]
        if not named:
            return
        now = self._clock.now()
        with self._transaction():
            for office, council in named:
                self._record_council(office, council.ons_code, now, "name")

    def remove(self, name: str) -> Office:
        """Remove an office: its pinned keys and what it was known to hold are forgotten; audited.

        Alerts already received from it stay in this vault. It can no longer be sent files, and files it
        signs are refused as from an unknown office. Returns the office as it was.
        """
        office = self.get(name)
        now = self._clock.now()
        with self._transaction():
            self._exchange.forget_held(office.id)
            self._repo.remove(office.id)
            self._audit.append(now, "office.remove", office.fingerprint.hex(), org=office.org_type.value,
                                     kind="sg-desktop" if office.can_send else "age-only")
        return office

    def trust(self, name: str, *, digits: str | None = None, council: str | None = None) -> Office:
        """Trust an office after its fingerprint was compared by phone.

        With `digits` (as read out by the other office) they must match the pinned fingerprint's digits,
        or ValidationError and nothing changes. With `council` (for a council's office, as confirmed on the
        same call) its council is recorded in the same step. Trusting an office already trusted changes
        nothing but its council.
        """
        office = self.get(name)
        if digits is not None and _digits_only(digits) != _digits_only(office.fingerprint_digits):
            raise ValidationError([Problem(
                "fingerprint",
                f"The digits do not match the fingerprint of the card added for {office.name}; "
                "do not trust it until you know why (ask the office to send its card again).",
            )])
        code = office.council if council is None else self._council_for(office.name, office.org_type, council)
        if office.is_trusted and code == office.council:
            return office
        now = self._clock.now()
        with self._transaction():
            if not office.is_trusted:
                self._repo.trust(office.id, now, TrustMethod.PHONE)
                self._audit.append(now, "office.trust", office.fingerprint.hex(), method=TrustMethod.PHONE.value)
            if code != office.council:
                self._record_council(office, code, now, "officer")
        return self.get(office.name)

    def replace_key(self, name: str, new: OfficeCard | str, *, trust: bool = False) -> Office:
        """Pin new keys for a known office: a new card, or a new age recipient for an office without SG Desktop.

        The office keeps its name and its organisation here: a card that names another organisation is refused,
        since the organisation decides which alerts the office may receive. Its new keys are untrusted until
        confirmed, unless `trust` (scripts) or the new key is a bare age recipient. What it was known to hold
        is forgotten, so the next "changed since last sent" export sends it everything again.
        Audited with both fingerprints.
        """
        office = self.get(name)
        if isinstance(new, OfficeCard):
            if new.org_type is not office.org_type:
                raise ValidationError([Problem("card", (
                    f"This card gives the organisation as {new.org_type.label}, but {office.name} is known here as "
                    f"{office.org_type.label}. A new key never changes an office's organisation: check the "
                    "card with the office, or remove the office and add it again."))])
            org, age, signing, fp = office.org_type, new.age_recipient, new.signing_public, new.fingerprint
            method = TrustMethod.ON_ADD if trust else None
        else:
            recipient = AgeOnlyRecipient(office.name, office.org_type, new.strip())
            org, age, signing, fp = office.org_type, recipient.age_recipient, None, recipient.fingerprint
            method = TrustMethod.AGE_RECIPIENT
        if fp == office.fingerprint:
            raise ValidationError([Problem("key", f"These are the keys already pinned for {office.name}.")])
        now = self._clock.now()
        with self._transaction():
            self._check_fingerprint_free(fp)
            self._repo.replace_keys(office.id, org, age, signing, fp, now, method)
            self._exchange.forget_held(office.id)
            self._audit.append(now, "office.replace-key", fp.hex(), old=office.fingerprint.hex(),
                                     trusted=method.value if method else "no")
        return self.get(office.name)

    # -- for the exchange service ----------------------------------------------------------------

    def trusted_card(self, fingerprint: bytes) -> OfficeCard | None:
        """The pinned card of a trusted office (or this office) with this fingerprint, for checking signatures.

        None for an unknown fingerprint; UnknownSender for an office whose fingerprint is not confirmed.
        """
        keys = self.keys()
        if fingerprint == keys.fingerprint:
            return OfficeCard(self._profile.name, self._profile.org_type, keys.signing_public, keys.age_recipient)
        office = self._repo.by_fingerprint(fingerprint)
        if office is None or office.signing_public is None:
            return None
        if not office.is_trusted:
            raise UnknownSender(
                f"This file was signed by {office.name}, whose fingerprint has not been confirmed yet; compare "
                "it with the office by phone and trust it, then open the file again."
            )
        card = recipient_of(office)
        assert isinstance(card, OfficeCard)
        return card

    def by_fingerprint(self, fingerprint: bytes) -> Office | None:
        """The office with this fingerprint (an office or age-only fingerprint), or None."""
        return self._repo.by_fingerprint(fingerprint)

    # -- inside ----------------------------------------------------------------------------------

    def _council_for(self, name: str, org_type: OrgType, council: str | None) -> str:
        """The ONS code to record for an office of `org_type`: the council given, else the one its name names."""
        if org_type is not OrgType.COUNCIL:
            if council and council.strip():
                raise ValidationError([Problem(
                    "council", f"Only a council's office belongs to a council, and {name} is not one "
                    f"({org_type.label}).")])
            return ""
        if council is None or not council.strip():
            found = self.council_from_name(name)
            return found.ons_code if found else ""
        found = self._councils.find(council)
        if found is None:
            near = self._councils.suggest(council)
            hint = f" Did you mean {', '.join(c.name for c in near)}?" if near else ""
            raise ValidationError([Problem("council",
                                           f"There is no English council called {council.strip()!r}.{hint}")])
        return found.ons_code

    def _record_council(self, office: Office, code: str, now: datetime, source: str) -> None:
        self._repo.set_council(office.id, code)
        self._audit.append(now, "office.council", office.fingerprint.hex(), council=code, previous=office.council,
                           source=source)

    def _check_new(self, name: str, fingerprint: bytes) -> None:
        self._check_fingerprint_free(fingerprint)
        if self._repo.by_name(name) is not None:
            raise ValidationError([Problem(
                "name",
                f"An office called {name!r} is already known, with other keys. If its keys have changed, "
                "replace them explicitly; otherwise ask the office which card is right.",
            )])

    def _check_fingerprint_free(self, fingerprint: bytes) -> None:
        if fingerprint == self.keys().fingerprint:
            raise ValidationError([Problem("card", "This is this office's own card.")])
        existing = self._repo.by_fingerprint(fingerprint)
        if existing is not None:
            raise ValidationError([Problem("card", f"These keys are already known, as the office {existing.name}.")])

