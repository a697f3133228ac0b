"""Making protocol files: canonical body → signed envelope → age encryption.

A file for offices is encrypted to every recipient *and to the sender*, so the sender can reopen what
it sent. A passphrase file has the single scrypt recipient age allows and names no recipient offices.
Every record (alert or lesson) must be admitted by every recipient (its organisation type, or being the office
of the council it is about); the app filters with `select_for_export` and `select_lessons_for_export` first,
and this module refuses (ValueError) if that step was skipped.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sg_desktop.crypto.identity import OfficeKeys
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import ExchangeError
from sg_desktop.exchange.agefile import DEFAULT_WORK_FACTOR, encrypt_to_recipients, encrypt_with_passphrase
from sg_desktop.exchange.cards import Recipient
from sg_desktop.exchange.document import MAX_RECIPIENTS, MAX_RECORDS, Header, encode_body
from sg_desktop.exchange.envelope import seal
from sg_desktop.exchange.lesson_records import LessonRecord
from sg_desktop.exchange.records import Record
from sg_desktop.exchange.scope import Audience, scope_refusal

__all__ = [
    "DEFAULT_TTL",
    "MAX_FILE_BYTES",
    "MAX_TTL",
    "build",
    "build_for_passphrase",
    "new_file_id",
]

DEFAULT_TTL = timedelta(days=30)
MAX_TTL = timedelta(days=366)
MAX_FILE_BYTES = 64 * 1024 * 1024


def new_file_id() -> str:
    """A fresh random 128-bit file id, as 32 lowercase hex digits."""
    return secrets.token_hex(16)


def _check(records: Sequence[Record], audiences: Sequence[Audience], sender_name: str, now: datetime,
           ttl: timedelta, lessons: Sequence[LessonRecord] = ()) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    if not timedelta(0) < ttl <= MAX_TTL:
        raise ValueError(f"a file's lifetime must be more than nothing and at most {MAX_TTL.days} days")
    if not sender_name.strip() or len(sender_name) > 200:
        raise ValueError("the sender's name must be 1 to 200 characters")
    if len(records) > MAX_RECORDS:
        raise ExchangeError(f"One file can hold at most {MAX_RECORDS} alerts; send them in several files.")
    if len(lessons) > MAX_RECORDS:
        raise ExchangeError(f"One file can hold at most {MAX_RECORDS} lessons; send them in several files.")
    for record in records:
        if scope_refusal(record.alert, audiences) is not None:
            raise ValueError("a record's sharing scope leaves out a recipient; use select_for_export")
    for lesson in lessons:
        if scope_refusal(lesson.lesson, audiences) is not None:
            raise ValueError("a lesson's sharing scope leaves out a recipient; use select_lessons_for_export")


def _finish(data: bytes, max_size: int) -> bytes:
    if len(data) > max_size:
        raise ExchangeError(
            f"The file would be {len(data) / 2**20:.0f} MiB, more than the {max_size / 2**20:.0f} MiB a "
            "receiver accepts; send the alerts in several files."
        )
    return data


def build(
    records: Sequence[Record],
    sender_keys: OfficeKeys,
    sender_name: str,
    sender_org: OrgType,
    recipients: Sequence[Recipient],
    sequence: int,
    now: datetime,
    ttl: timedelta = DEFAULT_TTL,
    file_id: str | None = None,
    *,
    councils: Mapping[bytes, str] | None = None,
    max_size: int = MAX_FILE_BYTES,
    lessons: Sequence[LessonRecord] = (),
) -> bytes:
    """A protocol file (binary age v1) of `records` and `lessons`, signed by the sender, for the recipients and
    itself.

    `councils` gives, by fingerprint, the council (ONS code) of each recipient that is a council's office,
    where it is known: that office may receive the alerts about its council whatever their scope.
    """
    if not recipients:
        raise ValueError("a file needs at least one recipient office")
    if len(recipients) + 1 > MAX_RECIPIENTS:
        raise ExchangeError(f"One file can go to at most {MAX_RECIPIENTS - 1} offices.")
    known = councils or {}
    _check(records, [Audience(r.org_type, known.get(r.fingerprint, ""), r.name) for r in recipients],
           sender_name, now, ttl, lessons)
    header = Header(
        file_id=file_id or new_file_id(),
        created_at=now,
        expires_at=now + ttl,
        sender_name=sender_name,
        sender_org=sender_org,
        sender_fingerprint=sender_keys.fingerprint,
        recipients=tuple({r.fingerprint for r in recipients} | {sender_keys.fingerprint}),
        sequence=sequence,
    )
    envelope = seal(encode_body(header, records, lessons), sender_keys)
    age_recipients = list(dict.fromkeys([*(r.age_recipient for r in recipients), sender_keys.age_recipient]))
    return _finish(encrypt_to_recipients(envelope, age_recipients), max_size)


def build_for_passphrase(
    records: Sequence[Record],
    sender_keys: OfficeKeys,
    sender_name: str,
    sender_org: OrgType,
    passphrase: str,
    recipient_org: OrgType,
    sequence: int,
    now: datetime,
    ttl: timedelta = DEFAULT_TTL,
    file_id: str | None = None,
    *,
    work_factor: int = DEFAULT_WORK_FACTOR,
    max_size: int = MAX_FILE_BYTES,
    lessons: Sequence[LessonRecord] = (),
) -> bytes:
    """A signed protocol file protected by a passphrase, for one office of type `recipient_org`.

    `work_factor` is scrypt's log2 N (10 to 20; tests use a low one for speed).
    """
    if not passphrase:
        raise ValueError("a passphrase file needs a passphrase")
    _check(records, [Audience(recipient_org)], sender_name, now, ttl, lessons)
    header = Header(
        file_id=file_id or new_file_id(),
        created_at=now,
        expires_at=now + ttl,
        sender_name=sender_name,
        sender_org=sender_org,
        sender_fingerprint=sender_keys.fingerprint,
        recipients=(),
        sequence=sequence,
    )
    envelope = seal(encode_body(header, records, lessons), sender_keys)
    return _finish(encrypt_with_passphrase(envelope, passphrase, work_factor), max_size)
