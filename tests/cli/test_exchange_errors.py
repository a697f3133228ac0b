"""Every protocol file the command line refuses: one line on stderr, non-zero, no traceback, nothing changed.

The receiving vault's folder is compared byte for byte before and after each refused command.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto.identity import OfficeKeys
from sg_desktop.exchange import MAX_FILE_BYTES
from sg_desktop.exchange.agefile import decrypt_with_identity, encrypt_to_recipients
from sg_desktop.exchange.canonical import canonical_json
from tests.cli.conftest import Result
from tests.cli.test_exchange_commands import (
    Office,
    add_alert,
    card_string,
    make_office,
    snapshot,
    trust_each_other,
)
from tests.conftest import PASSPHRASE, cheap_kdf

Cli = Callable[..., Result]


def refused(office: Office, *args: str, message: str, status: int = 1, env: dict[str, str] | None = None) -> str:
    """Run a command that must fail with one line naming `message` and leave the vault's folder as it was."""
    before = snapshot(office.vault.parent)
    result = office(*args, env=env)
    assert result.status == status, result.err
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sg-desktop: ") and message in lines[0], result.err
    assert "Traceback" not in result.err and result.out == ""
    assert snapshot(office.vault.parent) == before
    return lines[0]


def keys_of(office: Office, clock: FixedClock) -> OfficeKeys:
    service = VaultService(office.vault, clock=clock, councils=english_councils(), new_slot_kdf=cheap_kdf)
    session = service.unlock(PASSPHRASE)
    try:
        return session.offices.keys()
    finally:
        session.lock()


@pytest.fixture
def three(cli: Cli, tmp_path: Path) -> tuple[Office, Office, Office]:
    """A council that trusts the LGA and ADCS (and is trusted by them); the council has two alerts."""
    council = make_office(cli, tmp_path, "council", "--office", "Wokingham Borough Council", "--org", "council",
                          "--council", "Wokingham")
    lga = make_office(cli, tmp_path, "lga", "--office", "Local Government Association", "--org", "lga")
    adcs = make_office(cli, tmp_path, "adcs", "--office", "ADCS", "--org", "adcs")
    trust_each_other(council, lga)
    trust_each_other(council, adcs)
    add_alert(council, "Review")
    add_alert(council, "Trial", "--share", "council,lga,adcs")
    return council, lga, adcs


def to_lga(council: Office, path: Path) -> Path:
    council.ok("export", "--to", "Local Government Association", "--out", str(path))
    return path


def test_a_file_for_another_office(three: tuple[Office, Office, Office], tmp_path: Path) -> None:
    council, lga, _ = three
    council.ok("export", "--to", "ADCS", "--out", str(tmp_path / "adcs.sgp"))
    refused(lga, "import", str(tmp_path / "adcs.sgp"), message="This file was not encrypted for this office.")
    refused(lga, "verify", str(tmp_path / "adcs.sgp"), message="not encrypted for this office")


def test_a_file_forwarded_by_a_recipient_to_a_third_office(
    three: tuple[Office, Office, Office], tmp_path: Path, clock: FixedClock
) -> None:
    council, lga, adcs = three
    path = to_lga(council, tmp_path / "f.sgp")
    inside = decrypt_with_identity(path.read_bytes(), keys_of(lga, clock).age_identity)
    forwarded = tmp_path / "forwarded.sgp"
    forwarded.write_bytes(encrypt_to_recipients(inside, [keys_of(adcs, clock).age_recipient]))
    refused(adcs, "import", str(forwarded), message="not addressed to this office by its sender")


def test_a_replayed_file(three: tuple[Office, Office, Office], tmp_path: Path, sg: Cli) -> None:
    council, lga, _ = three
    # Made and refused by real processes (on the real clock), as a script runs them.
    real_lga = Office(sg, lga.vault)
    path = to_lga(Office(sg, council.vault), tmp_path / "f.sgp")
    real_lga.ok("import", str(path))
    refused(real_lga, "import", str(path), message="This file was already imported.")


def test_an_older_file_after_a_newer_one(three: tuple[Office, Office, Office], tmp_path: Path) -> None:
    council, lga, _ = three
    older, newer = to_lga(council, tmp_path / "1.sgp"), to_lga(council, tmp_path / "2.sgp")
    lga.ok("import", str(newer))
    refused(lga, "import", str(older), message="older than one already imported from Wokingham Borough Council")


def test_an_unknown_and_an_untrusted_sender(cli: Cli, tmp_path: Path) -> None:
    council = make_office(cli, tmp_path, "council", "--office", "Wokingham Borough Council", "--org", "council",
                          "--council", "Wokingham")
    lga = make_office(cli, tmp_path, "lga", "--office", "Local Government Association", "--org", "lga")
    council.ok("offices", "add", card_string(lga), "--trust")
    add_alert(council, "Review")
    path = to_lga(council, tmp_path / "f.sgp")
    refused(lga, "import", str(path), message="signed by an office that is not trusted here")
    lga.ok("offices", "add", card_string(council))
    refused(lga, "import", str(path), message="whose fingerprint has not been confirmed yet")


def test_a_bad_signature(three: tuple[Office, Office, Office], tmp_path: Path, clock: FixedClock) -> None:
    council, lga, _ = three
    path = to_lga(council, tmp_path / "f.sgp")
    keys = keys_of(lga, clock)
    envelope = json.loads(decrypt_with_identity(path.read_bytes(), keys.age_identity))
    signature = bytearray(base64.b64decode(envelope["sig"]))
    signature[-1] ^= 0x80
    envelope["sig"] = base64.b64encode(bytes(signature)).decode()
    forged = tmp_path / "forged.sgp"
    forged.write_bytes(encrypt_to_recipients(canonical_json(envelope), [keys.age_recipient]))
    refused(lga, "import", str(forged), message="The signature does not match")


@pytest.mark.parametrize("where", [0.0, 0.02, 0.1, 0.15, 0.5, 0.9, 1.0])
def test_any_single_byte_changed(three: tuple[Office, Office, Office], tmp_path: Path, where: float) -> None:
    council, lga, _ = three
    data = bytearray(to_lga(council, tmp_path / "f.sgp").read_bytes())
    data[min(int(len(data) * where), len(data) - 1)] ^= 0x10
    (tmp_path / "bad.sgp").write_bytes(bytes(data))
    line = refused(lga, "import", str(tmp_path / "bad.sgp"), message="")
    assert any(words in line for words in ("damaged", "not an SG Desktop protocol file", "not encrypted for"))


@pytest.mark.parametrize("change", ["truncated", "extended"])
def test_a_truncated_or_extended_file(
    three: tuple[Office, Office, Office], tmp_path: Path, change: str, sg: Cli
) -> None:
    council, lga, _ = three
    data = to_lga(council, tmp_path / "f.sgp").read_bytes()
    (tmp_path / "bad.sgp").write_bytes(data[:-1] if change == "truncated" else data + b"\n")
    refused(Office(sg, lga.vault), "import", str(tmp_path / "bad.sgp"),
            message="This file is damaged or was changed after it was made.")


def test_a_passphrase_file_with_a_work_factor_above_20(three: tuple[Office, Office, Office], tmp_path: Path) -> None:
    council, lga, _ = three
    secret = tmp_path / "secret.txt"
    secret.write_text("spoken by phone, not emailed")
    path = tmp_path / "p.sgp"
    council.ok("export", "--passphrase-file", str(secret), "--org", "lga", "--work-factor", "10", "--out", str(path))
    data = path.read_bytes()
    end = data.index(b"\n", data.index(b"-> scrypt "))
    (tmp_path / "greedy.sgp").write_bytes(data[:end - 2] + b"22" + data[end:])
    refused(lga, "import", str(tmp_path / "greedy.sgp"), "--file-passphrase-file", str(secret),
            message="scrypt work factor 22, the limit is 20")


def test_an_oversized_file(three: tuple[Office, Office, Office], tmp_path: Path) -> None:
    _, lga, _ = three
    with (tmp_path / "huge.sgp").open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    refused(lga, "import", str(tmp_path / "huge.sgp"), message="too large to be a protocol file")


def test_what_is_not_a_protocol_file_at_all(three: tuple[Office, Office, Office], tmp_path: Path) -> None:
    _, lga, _ = three
    (tmp_path / "notes.txt").write_text("just some notes\n")
    refused(lga, "import", str(tmp_path / "notes.txt"), message="This is not an SG Desktop protocol file.")
    refused(lga, "import", str(tmp_path / "absent.sgp"), message="There is no file")


def test_misused_commands_change_nothing(three: tuple[Office, Office, Office], tmp_path: Path) -> None:
    council, lga, _ = three
    out = str(tmp_path / "f.sgp")
    refused(council, "export", "--out", out, message="Say who the file is for", status=2)
    refused(council, "export", "--to", "Nobody", "--out", out, message="There is no office called 'Nobody'")
    refused(council, "export", "--to", "ADCS", "--out", out, "--since-last", "WBC-2026-0001",
            message="not both", status=2)
    refused(council, "export", "--to", "ADCS", "--out", str(tmp_path / "no" / "f.sgp"), message="does not exist")
    refused(council, "offices", "add", "sgcard1:AAAA", message="incomplete or mistyped")
    refused(council, "offices", "add", "age1qqqq", message="add it as an office without SG Desktop")
    refused(council, "offices", "add", card_string(lga), message="already known")
    path = to_lga(council, tmp_path / "ok.sgp")
    refused(lga, "import", str(path), "--resolve", "WBC-2026-0001=perhaps", message="REF=mine", status=2)
    assert not (tmp_path / "f.sgp").exists()
