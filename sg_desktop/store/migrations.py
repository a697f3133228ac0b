"""Numbered schema migrations; the schema version is SQLite's `user_version`.

Each migration runs in the same transaction as the version bump, so a vault is always at exactly one
version. Never edit a released migration: add the next one.
"""

from __future__ import annotations

from collections.abc import Callable

from sg_desktop.crypto.identity import generate_office_keys
from sg_desktop.domain.errors import SchemaTooNew
from sg_desktop.store.database import Connection

__all__ = ["LATEST_VERSION", "MIGRATIONS", "migrate", "schema_version"]

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE alerts (
    rowid                 INTEGER PRIMARY KEY,
    id                    TEXT NOT NULL UNIQUE,
    reference             TEXT NOT NULL UNIQUE,
    council               TEXT NOT NULL,
    kind                  TEXT NOT NULL,
    title                 TEXT NOT NULL,
    summary               TEXT NOT NULL DEFAULT '',
    media_interest        TEXT NOT NULL,
    handling              TEXT NOT NULL,
    sharing               TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL,
    owner                 TEXT NOT NULL DEFAULT '',
    embargoed             INTEGER NOT NULL DEFAULT 0,
    reporting_restriction INTEGER NOT NULL DEFAULT 0,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    origin_office         TEXT NOT NULL DEFAULT '',
    revision              INTEGER NOT NULL DEFAULT 1,
    deleted               INTEGER NOT NULL DEFAULT 0,
    -- Derived, kept so the log sorts and filters by the next milestone without a join per row:
    -- the first milestone on or after meta.next_as_of, refreshed when the day changes.
    next_kind             TEXT,
    next_date             TEXT,
    next_confidence       TEXT,
    open_offers           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alerts_council ON alerts (council);
CREATE INDEX alerts_status ON alerts (status);
CREATE INDEX alerts_updated ON alerts (updated_at);
-- Covers the log's hot filters (upcoming, live only) without touching the wide table rows.
CREATE INDEX alerts_next ON alerts (deleted, next_date);

CREATE TABLE milestones (
    rowid       INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    alert_rowid INTEGER NOT NULL REFERENCES alerts (rowid) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    date        TEXT NOT NULL,
    confidence  TEXT NOT NULL,
    time        TEXT,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX milestones_date ON milestones (date, alert_rowid);
CREATE INDEX milestones_alert ON milestones (alert_rowid, date);

CREATE TABLE milestone_history (
    milestone_id   TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    old_date       TEXT NOT NULL,
    new_date       TEXT NOT NULL,
    old_confidence TEXT NOT NULL,
    new_confidence TEXT NOT NULL,
    changed_at     TEXT NOT NULL,
    PRIMARY KEY (milestone_id, seq)
) WITHOUT ROWID;

CREATE TABLE offers (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    alert_rowid  INTEGER NOT NULL REFERENCES alerts (rowid) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    organisation TEXT NOT NULL,
    kind         TEXT NOT NULL,
    offered_to   TEXT NOT NULL,
    status       TEXT NOT NULL,
    offered_on   TEXT,
    decided_on   TEXT,
    follow_up_on TEXT,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX offers_alert ON offers (alert_rowid);

-- Contentless: the text lives only in the alerts tables; the index holds tokens keyed by alerts.rowid.
CREATE VIRTUAL TABLE alert_fts USING fts5 (
    title, summary, notes,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Append-only and hash-chained: each entry's hash covers the previous one. No record text goes in here.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    record_id TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
"""

_V2 = """
-- This office's identity (docs/protocol.md §2): its private signing seed and age identity. They exist
-- only here, inside the encrypted vault; the public card is derived from them when asked for.
CREATE TABLE office_identity (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    signing_private BLOB NOT NULL,
    age_identity    TEXT NOT NULL
);

-- Other offices, with their keys pinned. One with a signing key runs SG Desktop and can send files; one
-- without is known only by its age recipient and can only receive. trusted_at stays NULL until the
-- fingerprint was compared out of band; trust_method says how it was.
CREATE TABLE offices (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    org_type       TEXT NOT NULL,
    signing_public BLOB,
    age_recipient  TEXT NOT NULL,
    fingerprint    BLOB NOT NULL UNIQUE,
    added_at       TEXT NOT NULL,
    trusted_at     TEXT,
    trust_method   TEXT NOT NULL DEFAULT ''
);

-- Each alert's merge state (docs/protocol.md §9): its record version, NULL until computed (alerts written
-- before this schema, or rewritten by a path that does not know it), and its ancestry, newest first.
ALTER TABLE alerts ADD COLUMN version TEXT;
ALTER TABLE alerts ADD COLUMN ancestors TEXT NOT NULL DEFAULT '';

-- Every protocol file imported: a file is accepted once, and each sender's sequence only goes up.
CREATE TABLE imported_files (
    file_id     TEXT PRIMARY KEY,
    sender      BLOB NOT NULL,
    sequence    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    imported_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX imported_files_sender ON imported_files (sender, sequence);

-- The version of each alert another office is known to hold: what was last sent to it or received from
-- it. "Everything changed since I last sent to this office" is every alert whose version differs.
CREATE TABLE office_versions (
    office_id INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    alert_id  TEXT NOT NULL,
    version   TEXT NOT NULL,
    PRIMARY KEY (office_id, alert_id)
) WITHOUT ROWID;
"""

# The log's sort orders as indexes. With 100,000 alerts, sorting in a temporary b-tree costs hundreds
# of milliseconds per page (SQLCipher's memory security makes every allocation of a sort expensive);
# reading an index in order costs one or two. Each index ends with the reference, the log's tie-break,
# and starts with `deleted`, which every log query fixes. The next-date index also carries every column
# the log shows, so the most common views (coming up, everything by date) never touch the wide rows.
_V3 = """
DROP INDEX alerts_next;
DROP INDEX alerts_council;
DROP INDEX alerts_status;
CREATE INDEX alerts_log_next ON alerts (
    deleted, coalesce(next_date, '9999'), reference,
    id, council, kind, title, status, media_interest, next_kind, next_date, next_confidence, open_offers
);
CREATE INDEX alerts_log_reference ON alerts (deleted, reference);
CREATE INDEX alerts_log_title ON alerts (deleted, title COLLATE NOCASE, reference);
CREATE INDEX alerts_log_council ON alerts (deleted, council, reference);
CREATE INDEX alerts_log_kind ON alerts (deleted, kind, reference);
CREATE INDEX alerts_log_status ON alerts (deleted, status, reference);
CREATE INDEX alerts_log_media ON alerts (
    deleted, CASE media_interest WHEN 'national' THEN 0 WHEN 'regional' THEN 1 ELSE 2 END, reference
);
CREATE INDEX alerts_log_updated ON alerts (deleted, updated_at, reference);
CREATE INDEX alerts_log_offers ON alerts (deleted, open_offers, reference);

"""


# The log shows council names but stored only codes, so sorting by council looked random to an officer.
# The name shown is kept with each alert (like the next milestone: derived, for an index to read in order),
# from `council_names`, the app's council list as it last told the store: writes take names from it, and
# the app rewrites the names of a council's alerts when its list says something else. A name of '' means
# not yet filled (an alert from before this schema). `alerts_log_council` stays: filters by council and
# renaming one council's alerts read it.
_V4 = """
CREATE TABLE council_names (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;
ALTER TABLE alerts ADD COLUMN council_name TEXT NOT NULL DEFAULT '';
CREATE INDEX alerts_log_council_name ON alerts (deleted, council_name COLLATE NOCASE, reference);
"""

# Two indexes no query reads any more (schema 3's log indexes took over), each a write on every insert:
# `milestones_date` served the old "upcoming" filter, `alerts_updated` the old sort by last change.
_V5 = """
DROP INDEX milestones_date;
DROP INDEX alerts_updated;
"""

# Search as you type asks for one- and two-letter prefixes first ("f", then "fo"): without an index of
# them FTS5 merges the lists of every word that begins so, which at 100,000 alerts took 50 to 120 ms a
# keystroke; with `prefix = '1 2'` it reads one list, in about 10 ms. The index is contentless, so it is
# made again from the text in the alerts tables (the tokens are what matter, not the order of the notes).
_V6 = """
DROP TABLE alert_fts;
CREATE VIRTUAL TABLE alert_fts USING fts5 (
    title, summary, notes,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2'
);
INSERT INTO alert_fts (rowid, title, summary, notes)
SELECT a.rowid, a.reference || ' ' || a.title, a.summary,
       coalesce((SELECT group_concat(note, char(10)) FROM (
           SELECT note FROM milestones WHERE alert_rowid = a.rowid
           UNION ALL SELECT note FROM offers WHERE alert_rowid = a.rowid)), '')
FROM alerts a WHERE a.deleted = 0;
"""

# Which council a council's office belongs to (its ONS code; '' while not recorded): the office of the
# council an alert is about always may receive that alert, whatever its sharing scope. Offices known
# before this schema are given theirs from their name, where it names one council, by the app when the
# vault is next opened (the store has no council list of its own).
_V7 = """
ALTER TABLE offices ADD COLUMN council TEXT NOT NULL DEFAULT '';
"""

# Schema 8: why a milestone's date moved, and where each alert's received version came from.
# The reason is kept with the move it explains ('' for moves from before this schema, and when none was
# given). `alert_receipts` holds, for each alert stored from a protocol file, the version stored, the
# office that sent it as it was named here then, that office's fingerprint, and when the file was
# imported: local knowledge that never travels. It names the office rather than pointing at `offices`,
# so it outlives the office being removed.
_V8 = """
ALTER TABLE milestone_history ADD COLUMN reason TEXT NOT NULL DEFAULT '';
CREATE TABLE alert_receipts (
    alert_id    TEXT PRIMARY KEY,
    version     TEXT NOT NULL,
    office_name TEXT NOT NULL,
    office      BLOB NOT NULL,
    received_at TEXT NOT NULL
) WITHOUT ROWID;
"""

# Search finds an alert by its council's name too ("Wokingham"), with every word typed matching somewhere in
# the alert: the index gains a column for the name, kept by the repository when a council is renamed.
_V9 = """
DROP TABLE alert_fts;
CREATE VIRTUAL TABLE alert_fts USING fts5 (
    title, summary, notes, council,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2'
);
INSERT INTO alert_fts (rowid, title, summary, notes, council)
SELECT a.rowid, a.reference || ' ' || a.title, a.summary,
       coalesce((SELECT group_concat(note, char(10)) FROM (
           SELECT note FROM milestones WHERE alert_rowid = a.rowid
           UNION ALL SELECT note FROM offers WHERE alert_rowid = a.rowid)), ''),
       a.council_name
FROM alerts a WHERE a.deleted = 0;
"""


# The forward look reads by date and by what needs attention (issue 9). At 100,000 alerts each of these
# turned a scan of a whole table (150 to 600 ms) into a read of a narrow index (a few ms to 30 ms):
# milestones by date for the coming-up panel, the dashboard and the timeline (`milestones_date`, dropped by
# schema 5 when the log stopped needing it; IF NOT EXISTS, as the timeline may have made it again first);
# the live alerts counted by status, kind and council, in the order the dashboard groups them; offers
# counted by status (and those due a follow-up among them); and offers with a follow-up date, read in date
# order so the most overdue come first.
_V10 = """
CREATE INDEX IF NOT EXISTS milestones_date ON milestones (date, alert_rowid);
CREATE INDEX alerts_outlook ON alerts (deleted, status, kind, council, media_interest);
CREATE INDEX offers_status ON offers (status, follow_up_on, alert_rowid);
CREATE INDEX offers_follow_up ON offers (follow_up_on, status, alert_rowid) WHERE follow_up_on IS NOT NULL;
"""

# The timeline reads every milestone of 12 weeks (about 34,000 at 100,000 alerts) to place its marks, but shows
# the words of only the alerts on screen. These two indexes hold what placing a mark needs (its date, time,
# confidence and order; its alert's filter columns, media interest and reference), so the read touches no wide
# alert row: 540 ms became about 40 ms. `alerts_span` leads with the rowid so each milestone finds its alert's
# narrow entry directly.
_V11 = """
CREATE INDEX milestones_span ON milestones (date, alert_rowid, time, confidence, position);
CREATE INDEX alerts_span ON alerts (rowid, deleted, council, kind, status, media_interest, reference);
"""

# Schema 12: retention review (issue 12). An alert's life ends some time after it was closed, so the vault keeps
# when each live alert was closed: the day (UTC) of the first stored version that showed it closed, whichever path
# stored it (an edit here, an import from another office), by triggers, so no writer has to know of it; a reopened
# or deleted alert loses its row. Closed alerts from before this schema are taken as closed on the day of their
# last change, the best the vault knows. `retention_decisions` holds this office's decision on an alert past its
# retention period: kept until a day, or on legal hold (no day) with the officer's reason; local knowledge that
# never travels, removed (by a trigger, whoever deleted it) with the alert's content. Both name the alert by its rowid
# (declared, so stable; alerts are never removed, only made tombstones), so the review list reads the narrow
# `alerts_span` index rather than the wide alert rows.
_V12 = """
CREATE TABLE alert_closings (
    alert_rowid INTEGER PRIMARY KEY,
    closed_on   TEXT NOT NULL
);
CREATE INDEX alert_closings_on ON alert_closings (closed_on);
INSERT INTO alert_closings (alert_rowid, closed_on)
SELECT rowid, coalesce(nullif(substr(updated_at, 1, 10), ''), date('now'))
FROM alerts WHERE status = 'closed' AND deleted = 0;
CREATE TRIGGER alert_closings_insert AFTER INSERT ON alerts
WHEN NEW.status = 'closed' AND NEW.deleted = 0
BEGIN
    INSERT OR REPLACE INTO alert_closings (alert_rowid, closed_on)
    VALUES (NEW.rowid, coalesce(nullif(substr(NEW.updated_at, 1, 10), ''), date('now')));
END;
CREATE TRIGGER alert_closings_update AFTER UPDATE OF status, deleted ON alerts
WHEN (NEW.status = 'closed' AND NEW.deleted = 0) IS NOT (OLD.status = 'closed' AND OLD.deleted = 0)
BEGIN
    DELETE FROM alert_closings WHERE alert_rowid = NEW.rowid;
    INSERT INTO alert_closings (alert_rowid, closed_on)
    SELECT NEW.rowid, coalesce(nullif(substr(NEW.updated_at, 1, 10), ''), date('now'))
    WHERE NEW.status = 'closed' AND NEW.deleted = 0;
END;
CREATE TABLE retention_decisions (
    alert_rowid INTEGER PRIMARY KEY,
    decision    TEXT NOT NULL CHECK (decision IN ('keep', 'hold')),
    until       TEXT,
    reason      TEXT NOT NULL,
    decided_at  TEXT NOT NULL
);
CREATE TRIGGER retention_decisions_deleted AFTER UPDATE OF deleted ON alerts
WHEN NEW.deleted = 1 AND OLD.deleted = 0
BEGIN
    DELETE FROM retention_decisions WHERE alert_rowid = NEW.rowid;
END;
"""

# Schema 13: lessons learned on closing (issue 12). One row per lesson, this office's own and those received
# from others; a lesson carries what the digest needs of its alert (reference, council, kind, expected interest,
# each reviewed offer's organisation and kind), so it is counted without reading the alert, which the office may
# not hold. The reviews of the offers are kept with the lesson as JSON (read and written only whole). The two
# indexes serve "the lessons on this alert" and the digest's filters by when a lesson was recorded and by kind.
_V13 = """
CREATE TABLE lessons (
    rowid          INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    alert_id       TEXT NOT NULL,
    reference      TEXT NOT NULL,
    council        TEXT NOT NULL,
    kind           TEXT NOT NULL,
    expected       TEXT NOT NULL,
    coverage       TEXT NOT NULL,
    offers         TEXT NOT NULL DEFAULT '[]',
    helped         TEXT NOT NULL DEFAULT '',
    did_not_help   TEXT NOT NULL DEFAULT '',
    do_differently TEXT NOT NULL DEFAULT '',
    may_share      INTEGER NOT NULL DEFAULT 0,
    sharing        TEXT NOT NULL DEFAULT '',
    origin_office  TEXT NOT NULL DEFAULT '',
    recorded_by    TEXT NOT NULL DEFAULT '',
    created_at     TEXT,
    updated_at     TEXT,
    revision       INTEGER NOT NULL DEFAULT 1,
    deleted        INTEGER NOT NULL DEFAULT 0,
    version        TEXT NOT NULL,
    ancestors      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lessons_alert ON lessons (alert_id, origin_office);
CREATE INDEX lessons_digest ON lessons (deleted, created_at, kind, council);
"""


def _create_identity(conn: Connection) -> None:
    # Every vault has an identity from schema 2 on: new vaults get theirs as they are made, older vaults
    # when they are first opened by this version.
    keys = generate_office_keys()
    conn.execute(
        "INSERT INTO office_identity (id, signing_private, age_identity) VALUES (1, ?, ?)",
        (keys.signing_private, keys.age_identity),
    )


MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11, _V12, _V13)
LATEST_VERSION = len(MIGRATIONS)
# Steps that need more than SQL, run after the SQL of the same version and in the same transaction.
_AFTER: dict[int, Callable[[Connection], None]] = {2: _create_identity}


def schema_version(conn: Connection) -> int:
    """The vault's schema version (0 for an empty database)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection) -> int:
    """Bring the schema up to LATEST_VERSION, one transaction per step; return the version reached.

    Raises SchemaTooNew for a vault written by a newer SG Desktop, rather than guessing at its tables.
    """
    version = schema_version(conn)
    if version > LATEST_VERSION:
        raise SchemaTooNew(
            "This vault was written by a newer version of SG Desktop. Update SG Desktop to open it."
        )
    for number in range(version + 1, LATEST_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            if number in _AFTER:
                _AFTER[number](conn)
            conn.execute(f"PRAGMA user_version = {int(number)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return LATEST_VERSION


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT first, breaking the one-transaction rule; split on complete statements.
    import sqlcipher3

    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buf:
            continue
        buf += line
        if sqlcipher3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    return out
