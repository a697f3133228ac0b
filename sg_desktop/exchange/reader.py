"""Opening protocol files: every check of docs/protocol.md §6, in its order, first failure wins.

size → age header → age decryption of the whole file → envelope → signature by the sender's *pinned*
key → format and version → this office among the recipients → time window → records. Replay and
rollback need what this office has already imported, so they are a separate pure check
(`check_replay`) that the app runs with its stored state before applying anything.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import datetime, timedelta

from sg_desktop.crypto.identity import OfficeKeys, fingerprint_digits, verify
from sg_desktop.domain.errors import (
    BadSignature,
    ExchangeError,
    MalformedFile,
    NotForThisOffice,
    Replayed,
    UnknownSender,
)
from sg_desktop.exchange.agefile import (
    MAX_WORK_FACTOR,
    decrypt_with_identity,
    decrypt_with_passphrase,
    read_stanzas,
    scrypt_work_factor,
)
from sg_desktop.exchange.cards import OfficeCard
from sg_desktop.exchange.document import parse_body, parse_lessons, parse_records
from sg_desktop.exchange.envelope import SIGNATURE_DOMAIN, unseal
from sg_desktop.exchange.lesson_records import LessonRecord
from sg_desktop.exchange.records import Record
from sg_desktop.exchange.writer import MAX_FILE_BYTES, MAX_TTL

__all__ = [
    "CLOCK_SKEW",
    "TrustedLookup",
    "Verified",
    "check_replay",
    "needs_passphrase",
    "open_file",
    "open_passphrase_file",
    "verify_decrypted",
]

# Laptops in the field are often offline and some keep local time with the wrong zone; an hour or two
# of difference is not an attack worth refusing a genuine file for.
CLOCK_SKEW = timedelta(hours=2)

TrustedLookup = Callable[[bytes], OfficeCard | None]
"""Given a fingerprint, the pinned card of a *trusted* office, or None (it may also raise UnknownSender)."""


@dataclass(frozen=True)
class Verified:
    """A protocol file that passed every check: who sent it, when, to whom, its records (alerts) and its lessons
    (none before body version 3)."""

    file_id: str
    sequence: int
    sender: OfficeCard
    created_at: datetime
    expires_at: datetime
    recipients: tuple[bytes, ...]
    records: tuple[Record, ...]
    by_passphrase: bool
    lessons: tuple[LessonRecord, ...] = ()

    @property
    def sender_fingerprint(self) -> bytes:
        """The fingerprint of the office that signed the file (its pinned card's)."""
        return self.sender.fingerprint


def _check_size(data: bytes, max_size: int) -> None:
    if len(data) > max_size:
        raise MalformedFile(
            f"This file is too large to be a protocol file ({len(data) / 2**20:.1f} MiB; "
            f"the limit is {max_size / 2**20:.0f} MiB)."
        )


def needs_passphrase(data: bytes) -> bool:
    """Whether a protocol file is opened with a passphrase (True) or with this office's key (False)."""
    return scrypt_work_factor(read_stanzas(data)) is not None


def open_file(
    data: bytes, my_keys: OfficeKeys, trusted: TrustedLookup, now: datetime, *, max_size: int = MAX_FILE_BYTES
) -> Verified:
    """Decrypt and verify a file sent to this office; the specific ExchangeError at the first failed check."""
    _check_size(data, max_size)
    if scrypt_work_factor(read_stanzas(data)) is not None:
        raise NotForThisOffice("This file is protected by a passphrase; open it with its passphrase.")
    plaintext = decrypt_with_identity(data, my_keys.age_identity)
    return verify_decrypted(plaintext, my_keys.fingerprint, trusted, now)


def open_passphrase_file(
    data: bytes, passphrase: str, trusted: TrustedLookup, now: datetime, *, max_size: int = MAX_FILE_BYTES
) -> Verified:
    """Decrypt and verify a passphrase file; its scrypt work factor is checked before any decryption."""
    _check_size(data, max_size)
    work_factor = scrypt_work_factor(read_stanzas(data))
    if work_factor is None:
        raise NotForThisOffice(
            "This file is not protected by a passphrase; it is opened with an office's key."
        )
    if work_factor > MAX_WORK_FACTOR:
        raise MalformedFile(
            f"This file's passphrase protection asks for too much work to open (scrypt work factor "
            f"{work_factor}, the limit is {MAX_WORK_FACTOR}); it was not made by SG Desktop."
        )
    plaintext = decrypt_with_passphrase(data, passphrase)
    return verify_decrypted(plaintext, None, trusted, now)


def verify_decrypted(
    plaintext: bytes, my_fingerprint: bytes | None, trusted: TrustedLookup, now: datetime
) -> Verified:
    """Verify the decrypted inside of a protocol file (e.g. from `age -d`).

    `my_fingerprint` is this office's, or None for a passphrase file (which must name no recipients).
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    sealed = unseal(plaintext)
    card = trusted(sealed.signer)
    if card is None or card.fingerprint != sealed.signer:
        raise UnknownSender(
            "This file was signed by an office that is not trusted here (fingerprint "
            f"{fingerprint_digits(sealed.signer)}); add its card and confirm the fingerprint first."
        )
    verify(card.signing_public, SIGNATURE_DOMAIN, sealed.body, sealed.signature)
    header, raw_records, raw_lessons = parse_body(sealed.body)
    if header.sender_fingerprint != sealed.signer:
        raise BadSignature("The file names a different sender from the office that signed it.")
    if my_fingerprint is None:
        if header.recipients:
            raise NotForThisOffice(
                "This file was made for particular offices, not as a passphrase file; "
                "someone other than its sender passed it on."
            )
    elif my_fingerprint not in header.recipients:
        raise NotForThisOffice(
            "This file was not addressed to this office by its sender; someone else passed it on."
        )
    if not header.created_at < header.expires_at <= header.created_at + MAX_TTL:
        raise MalformedFile(
            "The file's header is not valid: its expiry time is not within a year of its making."
        )
    if header.created_at > now + CLOCK_SKEW:
        raise ExchangeError(
            f"This file is dated {_day(header.created_at)} {header.created_at:%H:%M} UTC, later than this "
            "computer's clock; check the date and time on both computers."
        )
    if now >= header.expires_at:
        raise ExchangeError(
            f"This file expired on {_day(header.expires_at)}; ask {card.name} to send a new one."
        )
    records = parse_records(raw_records, header.version)
    lessons = parse_lessons(raw_lessons)
    return Verified(
        file_id=header.file_id,
        sequence=header.sequence,
        sender=card,
        created_at=header.created_at,
        expires_at=header.expires_at,
        recipients=header.recipients,
        records=records,
        by_passphrase=my_fingerprint is None,
        lessons=lessons,
    )


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def check_replay(
    file_id: str,
    sequence: int,
    seen_file_ids: Container[str],
    last_sequence: int | None,
    sender_name: str = "its sender",
) -> None:
    """Raise Replayed if this file was already imported, or a file with this sequence or later was."""
    if file_id in seen_file_ids:
        raise Replayed("This file was already imported.")
    if last_sequence is not None and sequence <= last_sequence:
        raise Replayed(f"This file is older than one already imported from {sender_name}.")
