"""The signed body of a protocol file: who sent it, to whom, when, in what order, and the records.

The body is RFC 8785 canonical JSON. Its header fields are read first and each check happens in the
order the specification gives (format and version, then recipients, then time, then records), so the
officer always hears about the most basic problem. Bodies of version 3 are written; versions 1, 2 and 3 are
read (version 2 added the reason for each move of a milestone's date, version 3 the lessons learned).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import MalformedFile
from sg_desktop.exchange.canonical import canonical_json, loads_strict
from sg_desktop.exchange.lesson_records import LessonRecord, decode_lesson, encode_lesson
from sg_desktop.exchange.records import (
    MAX_REVISION,
    Record,
    RecordProblem,
    decode_record,
    encode_record,
    format_instant,
    parse_instant,
)

__all__ = [
    "MAX_RECIPIENTS",
    "MAX_RECORDS",
    "PROTOCOL_FORMAT",
    "PROTOCOL_VERSION",
    "READABLE_VERSIONS",
    "Header",
    "encode_body",
    "parse_body",
    "parse_lessons",
    "parse_records",
]

PROTOCOL_FORMAT = "sg-desktop-protocol"
PROTOCOL_VERSION = 3
READABLE_VERSIONS = frozenset({1, 2, 3})
MAX_RECIPIENTS = 100
MAX_RECORDS = 100_000
_BODY_KEYS = {
    "format", "version", "file_id", "created_at", "expires_at", "sender", "recipients", "sequence", "records",
}
# Body version 3 added the lessons learned, a record type of their own beside the alerts.
_LESSON_VERSION = 3
_SENDER_KEYS = {"name", "org_type", "fingerprint"}
_FILE_ID = re.compile(r"[0-9a-f]{32}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_NOT_PROTOCOL = "The file opened, but what is inside is not an SG Desktop protocol document."


@dataclass(frozen=True)
class Header:
    """Everything in a body except its records."""

    file_id: str
    created_at: datetime
    expires_at: datetime
    sender_name: str
    sender_org: OrgType
    sender_fingerprint: bytes
    recipients: tuple[bytes, ...]
    sequence: int
    version: int = PROTOCOL_VERSION


def encode_body(header: Header, records: Sequence[Record], lessons: Sequence[LessonRecord] = ()) -> bytes:
    """The canonical JSON bytes of a body (always of PROTOCOL_VERSION); recipients are written sorted and without
    repeats."""
    if header.version != PROTOCOL_VERSION:
        raise ValueError(f"only version {PROTOCOL_VERSION} bodies are written")
    if not _FILE_ID.fullmatch(header.file_id):
        raise ValueError("a file id is 32 lowercase hex digits")
    if not 1 <= header.sequence <= MAX_REVISION:
        raise ValueError("the sequence number must be a positive whole number")
    body: dict[str, Any] = {
        "format": PROTOCOL_FORMAT,
        "version": PROTOCOL_VERSION,
        "file_id": header.file_id,
        "created_at": format_instant(header.created_at),
        "expires_at": format_instant(header.expires_at),
        "sender": {
            "name": header.sender_name,
            "org_type": header.sender_org.value,
            "fingerprint": header.sender_fingerprint.hex(),
        },
        "recipients": sorted({fp.hex() for fp in header.recipients}),
        "sequence": header.sequence,
        "records": [encode_record(r) for r in records],
        "lessons": [encode_lesson(r) for r in lessons],
    }
    return canonical_json(body)


def _bad(field: str) -> MalformedFile:
    return MalformedFile(f"The file's header is not valid: {field}.")


def parse_body(body: bytes) -> tuple[Header, object, object]:
    """The header of a verified body, its still-unread records and lessons (`[]` before version 3); MalformedFile
    if the header is wrong."""
    try:
        obj = loads_strict(body)
    except ValueError as exc:
        raise MalformedFile(f"The file's document is not valid: {exc}.") from None
    if not isinstance(obj, dict) or obj.get("format") != PROTOCOL_FORMAT:
        raise MalformedFile(_NOT_PROTOCOL)
    version = obj.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version not in READABLE_VERSIONS:
        if isinstance(version, int) and not isinstance(version, bool) and version > PROTOCOL_VERSION:
            raise MalformedFile(
                f"This file was made by a newer version of SG Desktop (format version {version}); "
                "update SG Desktop to read it."
            )
        raise MalformedFile(_NOT_PROTOCOL)
    if set(obj) != (_BODY_KEYS | {"lessons"} if version >= _LESSON_VERSION else _BODY_KEYS):
        raise _bad("its fields are not the expected ones")
    file_id = obj["file_id"]
    if not isinstance(file_id, str) or not _FILE_ID.fullmatch(file_id):
        raise _bad("file_id is not 32 hex digits")
    try:
        created_at = parse_instant(obj["created_at"])
        expires_at = parse_instant(obj["expires_at"])
    except ValueError:
        raise _bad("a time is not in the form YYYY-MM-DDTHH:MM:SS.ffffffZ") from None
    sender = obj["sender"]
    if not isinstance(sender, dict) or set(sender) != _SENDER_KEYS:
        raise _bad("sender is not an object with name, org_type and fingerprint")
    name = sender["name"]
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise _bad("sender.name is not a name")
    try:
        org = OrgType(sender["org_type"])
    except (ValueError, TypeError):
        raise _bad("sender.org_type is not a known organisation type") from None
    if not isinstance(sender["fingerprint"], str) or not _HEX64.fullmatch(sender["fingerprint"]):
        raise _bad("sender.fingerprint is not 64 hex digits")
    recipients = obj["recipients"]
    if (
        not isinstance(recipients, list)
        or len(recipients) > MAX_RECIPIENTS
        or not all(isinstance(r, str) and _HEX64.fullmatch(r) for r in recipients)
        or recipients != sorted(set(recipients))
    ):
        raise _bad("recipients is not a sorted list of distinct fingerprints")
    sequence = obj["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool) or not 1 <= sequence <= MAX_REVISION:
        raise _bad("sequence is not a positive whole number")
    header = Header(
        file_id=file_id,
        created_at=created_at,
        expires_at=expires_at,
        sender_name=name,
        sender_org=org,
        sender_fingerprint=bytes.fromhex(sender["fingerprint"]),
        recipients=tuple(bytes.fromhex(r) for r in recipients),
        sequence=sequence,
        version=version,
    )
    return header, obj["records"], obj.get("lessons", [])


def parse_records(raw: object, version: int = PROTOCOL_VERSION) -> tuple[Record, ...]:
    """Every record of a body of `version`, strictly; MalformedFile naming the record's position and field."""
    if not isinstance(raw, list):
        raise MalformedFile("The file's records are not a list.")
    if len(raw) > MAX_RECORDS:
        raise MalformedFile(f"The file holds more than {MAX_RECORDS} records.")
    records: list[Record] = []
    seen: set[str] = set()
    with_reasons = version >= 2
    for i, value in enumerate(raw, 1):
        try:
            record = decode_record(value, with_reasons)
        except RecordProblem as exc:
            raise MalformedFile(f"Record {i} in the file is not valid: {exc}.") from None
        if record.alert.id in seen:
            raise MalformedFile(f"Record {i} in the file repeats an alert that is already in it.")
        seen.add(record.alert.id)
        records.append(record)
    return tuple(records)


def parse_lessons(raw: object) -> tuple[LessonRecord, ...]:
    """Every lesson of a body, strictly; MalformedFile naming the lesson's position and field."""
    if not isinstance(raw, list):
        raise MalformedFile("The file's lessons are not a list.")
    if len(raw) > MAX_RECORDS:
        raise MalformedFile(f"The file holds more than {MAX_RECORDS} lessons.")
    lessons: list[LessonRecord] = []
    seen: set[str] = set()
    for i, value in enumerate(raw, 1):
        try:
            record = decode_lesson(value)
        except RecordProblem as exc:
            raise MalformedFile(f"Lesson {i} in the file is not valid: {exc}.") from None
        if record.lesson.id in seen:
            raise MalformedFile(f"Lesson {i} in the file repeats a lesson that is already in it.")
        seen.add(record.lesson.id)
        lessons.append(record)
    return tuple(lessons)
