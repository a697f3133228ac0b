"""Protocol files between offices: bytes in, bytes out (build, sign, encrypt; decrypt, verify, parse, merge).

The format is specified in docs/protocol.md. This package does no file I/O and keeps no state: the app
stores which files it has seen, the last sequence per sender, the pinned offices and each record's
ancestry, and passes them in.
"""

from sg_desktop.exchange.agefile import DEFAULT_WORK_FACTOR, MAX_WORK_FACTOR
from sg_desktop.exchange.cards import (
    AgeOnlyRecipient,
    OfficeCard,
    Recipient,
    age_only_fingerprint,
    parse_card,
)
from sg_desktop.exchange.document import MAX_RECORDS, PROTOCOL_FORMAT, PROTOCOL_VERSION, READABLE_VERSIONS
from sg_desktop.exchange.lesson_records import LessonRecord, lesson_version
from sg_desktop.exchange.merge import (
    ImportPlan,
    MergeKind,
    Planned,
    Resolution,
    after_edit,
    classify,
    lesson_after_edit,
    plan_import,
    resolve,
)
from sg_desktop.exchange.reader import (
    CLOCK_SKEW,
    TrustedLookup,
    Verified,
    check_replay,
    needs_passphrase,
    open_file,
    open_passphrase_file,
    verify_decrypted,
)
from sg_desktop.exchange.records import MAX_ANCESTORS, Record, record_version
from sg_desktop.exchange.scope import (
    Audience,
    ExportSelection,
    LeftOut,
    LessonSelection,
    scope_admits,
    scope_refusal,
    select_for_export,
    select_lessons_for_export,
)
from sg_desktop.exchange.writer import (
    DEFAULT_TTL,
    MAX_FILE_BYTES,
    MAX_TTL,
    build,
    build_for_passphrase,
    new_file_id,
)

__all__ = [
    "CLOCK_SKEW",
    "DEFAULT_TTL",
    "DEFAULT_WORK_FACTOR",
    "MAX_ANCESTORS",
    "MAX_FILE_BYTES",
    "MAX_RECORDS",
    "MAX_TTL",
    "MAX_WORK_FACTOR",
    "PROTOCOL_FORMAT",
    "PROTOCOL_VERSION",
    "READABLE_VERSIONS",
    "AgeOnlyRecipient",
    "Audience",
    "ExportSelection",
    "ImportPlan",
    "LeftOut",
    "LessonRecord",
    "LessonSelection",
    "MergeKind",
    "OfficeCard",
    "Planned",
    "Recipient",
    "Record",
    "Resolution",
    "TrustedLookup",
    "Verified",
    "after_edit",
    "age_only_fingerprint",
    "build",
    "build_for_passphrase",
    "check_replay",
    "classify",
    "lesson_after_edit",
    "lesson_version",
    "needs_passphrase",
    "new_file_id",
    "open_file",
    "open_passphrase_file",
    "parse_card",
    "plan_import",
    "record_version",
    "resolve",
    "scope_admits",
    "scope_refusal",
    "select_for_export",
    "select_lessons_for_export",
    "verify_decrypted",
]
