"""Nothing leaked: record text appears in no file the program wrote and in no message it printed.

Marker strings go into every text field of 1,000 alerts; after the commands have run, every file under
the test's folder (vault, its -wal/-shm, key file, temp folder, home with its config, cache and data
folders) is searched for them, as UTF-8 and as UTF-16.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.cli.conftest import Result

Cli = Callable[..., Result]
MARK = "Qzmarkerxq"


def marked_alerts(n: int) -> list[dict[str, object]]:
    return [
        {
            "council": "Wokingham", "kind": "cspr", "title": f"{MARK}title{i}", "summary": f"{MARK}summary{i}",
            "owner": f"{MARK}owner{i}",
            "milestones": [{"kind": "publication", "date": "2027-01-15", "note": f"{MARK}mnote{i}"}],
            "offers": [{"organisation": "lga", "kind": "peer-mentor", "offered_to": "leader",
                        "note": f"{MARK}onote{i}"}],
        }
        for i in range(n)
    ]


def test_marker_text_is_in_no_file_written_and_no_message(sg: Cli, cli: Cli, tmp_path: Path) -> None:
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    source = tmp_path / "input.json"
    source.write_text(json.dumps(marked_alerts(1000)))
    added = sg("add", "--from-json", str(source))
    assert added.status == 0, added.err
    source.unlink()  # the test's own input is not something the program wrote

    outputs = [
        sg("list"), sg("list", "--json"), sg("show", "LGA-2026-0007"), sg("list", "--search", f"{MARK}title3"),
        sg("edit", "LGA-2026-0008", "--summary", f"{MARK}edited"),
        sg("check"), sg("audit"),
    ]
    assert all(r.status == 0 for r in outputs), [r.err for r in outputs]
    assert MARK in outputs[1].out  # the markers really are in the vault, readable when unlocked
    failures = [
        sg("list", env={"SG_PASSPHRASE": f"{MARK}wrongpassphrase"}),
        sg("edit", "LGA-2026-0009", "--title", ""),
        sg("edit", "LGA-2026-0009", "--summary", f"{MARK} NHS 943 476 5919"),
        sg("add", "--council", f"{MARK}council", "--kind", "trial", "--title", "x"),
        sg("show", "LGA-2026-9999"),
    ]
    assert all(r.status != 0 for r in failures)
    for r in failures:
        assert MARK.lower() not in r.err.lower().replace(f"{MARK}council".lower(), ""), r.err
        assert MARK not in r.out

    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    names = {p.name for p in written}
    assert "test.sgvault" in names and "test.sgvault.keys" in names
    for path in written:
        data = path.read_bytes()
        for needle in (MARK.encode(), MARK.encode("utf-16-le"), MARK.lower().encode()):
            assert needle not in data, f"record text found in {path.relative_to(tmp_path)}"
