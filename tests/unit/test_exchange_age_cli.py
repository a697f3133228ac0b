"""Protocol files interoperate with the standard `age` tool (Go reference implementation, Debian package `age`).

These tests REQUIRE the `age` command: CI installs it (`apt-get install -y age`). They fail, rather than
skip, when it is missing, because "an office without SG Desktop can open our files" is a promise.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
from pathlib import Path

import pytest

from sg_desktop.exchange import build, build_for_passphrase, open_file, verify_decrypted
from sg_desktop.exchange.document import Header, encode_body
from sg_desktop.exchange.envelope import seal
from sg_desktop.exchange.records import parse_instant
from tests.unit.test_exchange_fixtures import DATA, TO_OFFICES, VECTORS, trusted
from tests.unit.test_exchange_samples import (
    COUNCIL,
    GROUP,
    GROUP_IDENTITY,
    LGA,
    NOW,
    sample_records,
    trusting,
)

PASSPHRASE = "spoken over the phone, never emailed"


def age() -> str:
    """The path of the `age` command; fails the test with how to install it when it is missing."""
    found = shutil.which("age")
    if found is None:
        pytest.fail("The `age` command-line tool is required for this test: apt-get install -y age")
    return found


def age_decrypt(file: Path, identity_file: Path) -> bytes:
    """`age -d -i IDENTITY FILE`, as the office would type it."""
    done = subprocess.run([age(), "-d", "-i", str(identity_file), str(file)], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def test_age_decrypts_the_committed_file_for_the_lga_and_the_inside_verifies() -> None:
    inside = age_decrypt(DATA / TO_OFFICES["file"], DATA / VECTORS["offices"]["lga"]["age_identity_file"])
    lga_fp = bytes.fromhex(VECTORS["offices"]["lga"]["fingerprint_hex"])
    opened = verify_decrypted(inside, lga_fp, trusted, parse_instant(VECTORS["verify_at"]))
    assert [r.alert.id for r in opened.records] == [r["id"] for r in TO_OFFICES["records"]]


def test_age_refuses_the_committed_file_with_another_offices_key() -> None:
    done = subprocess.run(
        [age(), "-d", "-i", str(DATA / VECTORS["offices"]["adcs"]["age_identity_file"]),
         str(DATA / TO_OFFICES["file"])],
        capture_output=True, check=False,
    )
    assert done.returncode != 0 and done.stdout == b""


def test_an_office_without_sg_desktop_opens_a_new_file_with_age(tmp_path: Path) -> None:
    data = build(sample_records(3), COUNCIL.keys, COUNCIL.name, COUNCIL.org, [LGA.card, GROUP], 4, NOW)
    (tmp_path / "alerts.sgp").write_bytes(data)
    (tmp_path / "key.txt").write_text(f"{GROUP_IDENTITY}\n")
    inside = age_decrypt(tmp_path / "alerts.sgp", tmp_path / "key.txt")
    opened = verify_decrypted(inside, GROUP.fingerprint, trusting(COUNCIL), NOW)
    assert [r.alert for r in opened.records] == [r.alert for r in sample_records(3)]
    assert json.loads(inside)["format"] == "sg-desktop-signed"


def test_a_file_encrypted_by_the_age_tool_opens_in_sg_desktop(tmp_path: Path) -> None:
    # A second age implementation wrote the outer layer; our reader accepts any conforming age file.
    header = Header("ab" * 16, NOW, NOW.replace(month=4), COUNCIL.name, COUNCIL.org, COUNCIL.card.fingerprint,
                    (LGA.card.fingerprint, COUNCIL.card.fingerprint), 9)
    (tmp_path / "inside.json").write_bytes(seal(encode_body(header, sample_records(2)), COUNCIL.keys))
    done = subprocess.run(
        [age(), "-r", LGA.keys.age_recipient, "-o", str(tmp_path / "out.sgp"), str(tmp_path / "inside.json")],
        capture_output=True, check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    opened = open_file((tmp_path / "out.sgp").read_bytes(), LGA.keys, trusting(COUNCIL), NOW)
    assert opened.sequence == 9 and len(opened.records) == 2


def test_age_opens_a_passphrase_file_written_by_sg_desktop(tmp_path: Path) -> None:
    data = build_for_passphrase(sample_records(1), COUNCIL.keys, COUNCIL.name, COUNCIL.org, PASSPHRASE,
                                LGA.org, 2, NOW, work_factor=10)
    (tmp_path / "p.sgp").write_bytes(data)
    inside = _age_with_passphrase(tmp_path / "p.sgp", tmp_path / "inside.json", PASSPHRASE)
    opened = verify_decrypted(inside, None, trusting(COUNCIL), NOW)
    assert opened.by_passphrase and len(opened.records) == 1


def _age_with_passphrase(file: Path, out: Path, passphrase: str) -> bytes:
    # age reads a passphrase only from a terminal, so it gets a pseudo-terminal as its standard input.
    main, child = pty.openpty()
    process = subprocess.Popen([age(), "-d", "-o", str(out), str(file)], stdin=child, stdout=child, stderr=child,
                               start_new_session=True)
    os.close(child)
    try:
        seen = b""
        while b"passphrase" not in seen.lower():
            ready, _, _ = select.select([main], [], [], 10)
            assert ready, f"age did not ask for the passphrase: {seen!r}"
            seen += os.read(main, 1024)
        os.write(main, passphrase.encode() + b"\n")
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
    return out.read_bytes()
