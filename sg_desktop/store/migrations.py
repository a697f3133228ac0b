"""Numbered schema migrations; the schema version is SQLite's `user_version`.

Each migration runs in the same transaction as the version bump, so a vault is always at exactly one
version. Never edit a released migration: add the next one.
"""

from __future__ import annotations

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

MIGRATIONS: tuple[str, ...] = (_V1,)
LATEST_VERSION = len(MIGRATIONS)


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
