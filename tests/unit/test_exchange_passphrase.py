"""Passphrase files: signed like any other, and their scrypt cost is checked before any decryption."""

from __future__ import annotations

import pyrage
import pytest

from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import MalformedFile, NotForThisOffice, UnknownSender
from sg_desktop.exchange import (
    MAX_WORK_FACTOR,
    Record,
    build,
    build_for_passphrase,
    needs_passphrase,
    open_file,
    open_passphrase_file,
)
from sg_desktop.exchange import reader as reader_module
from sg_desktop.exchange.agefile import (
    encrypt_to_recipients,
    encrypt_with_passphrase,
    read_stanzas,
    scrypt_work_factor,
)
from sg_desktop.exchange.envelope import unseal
from tests.unit.test_exchange_samples import ADCS, COUNCIL, LGA, NOW, sample_alert, sample_records, trusting

PASSPHRASE = "a long passphrase read out on the phone"
FAST = 10  # the lowest work factor SG Desktop writes; real files use 18
TRUSTED = trusting(COUNCIL)


def passphrase_file(passphrase: str = PASSPHRASE, work_factor: int = FAST) -> bytes:
    """A passphrase file from the council for an ADCS office that has no keys yet."""
    return build_for_passphrase(sample_records(2), COUNCIL.keys, COUNCIL.name, COUNCIL.org, passphrase,
                                OrgType.ADCS, 3, NOW, work_factor=work_factor)


def with_work_factor(data: bytes, work_factor: int) -> bytes:
    """The same file with its header claiming another scrypt work factor (the header MAC then fails)."""
    old = f" {FAST}\n".encode()
    assert data.count(old) >= 1
    return data.replace(old, f" {work_factor}\n".encode(), 1)


def test_a_passphrase_file_opens_with_its_passphrase_and_names_its_signer() -> None:
    data = passphrase_file()
    assert needs_passphrase(data)
    opened = open_passphrase_file(data, PASSPHRASE, trusting(COUNCIL), NOW)
    assert opened.by_passphrase
    assert opened.sender == COUNCIL.card
    assert opened.recipients == ()
    assert [r.alert for r in opened.records] == [r.alert for r in sample_records(2)]


def test_the_file_is_plain_age_with_one_scrypt_stanza_that_pyrage_decrypts() -> None:
    data = passphrase_file()
    stanzas = read_stanzas(data)
    assert [s.kind for s in stanzas] == ["scrypt"] and scrypt_work_factor(stanzas) == FAST
    assert unseal(pyrage.passphrase.decrypt(data, PASSPHRASE)).signer == COUNCIL.card.fingerprint


@pytest.mark.parametrize("size", [0, 1, 65535, 65536, 65537, 3 * 65536])
def test_the_age_writer_handles_every_chunk_boundary(size: int) -> None:
    plaintext = bytes(i % 251 for i in range(size))
    assert pyrage.passphrase.decrypt(encrypt_with_passphrase(plaintext, "pw", FAST), "pw") == plaintext


def test_a_wrong_passphrase_is_refused() -> None:
    with pytest.raises(NotForThisOffice, match=r"^The passphrase does not open this file\.$"):
        open_passphrase_file(passphrase_file(), "not the passphrase", trusting(COUNCIL), NOW)


@pytest.mark.parametrize("work_factor", [21, 22, 40, 999])
def test_a_work_factor_above_20_is_refused_without_decrypting(
    work_factor: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_run(data: bytes, passphrase: str) -> bytes:
        raise AssertionError("scrypt ran on a file that should have been refused")

    monkeypatch.setattr(reader_module, "decrypt_with_passphrase", must_not_run)
    with pytest.raises(MalformedFile, match=f"scrypt work factor {work_factor}, the limit is 20") as error:
        open_passphrase_file(with_work_factor(passphrase_file(), work_factor), PASSPHRASE, TRUSTED, NOW)
    assert "\n" not in str(error.value)


def test_a_work_factor_of_exactly_20_is_handed_to_age(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bytes] = []

    def record(data: bytes, passphrase: str) -> bytes:
        seen.append(data)
        raise NotForThisOffice("The passphrase does not open this file.")

    monkeypatch.setattr(reader_module, "decrypt_with_passphrase", record)
    with pytest.raises(NotForThisOffice):
        open_passphrase_file(with_work_factor(passphrase_file(), MAX_WORK_FACTOR), PASSPHRASE, TRUSTED, NOW)
    assert len(seen) == 1


def test_a_malformed_work_factor_is_refused() -> None:
    for bad in ("020", "0", "x"):
        data = passphrase_file().replace(f" {FAST}\n".encode(), f" {bad}\n".encode(), 1)
        with pytest.raises(MalformedFile):
            open_passphrase_file(data, PASSPHRASE, trusting(COUNCIL), NOW)


def test_an_scrypt_stanza_beside_another_recipient_is_refused() -> None:
    data = passphrase_file()
    header_end = data.index(b"\n---")
    extra = b"\n-> X25519 " + b"A" * 43 + b"\n" + b"A" * 43
    with pytest.raises(MalformedFile):
        open_passphrase_file(data[:header_end] + extra + data[header_end:], PASSPHRASE, TRUSTED, NOW)


def test_an_oversized_passphrase_file_is_refused_before_decrypting() -> None:
    data = passphrase_file()
    with pytest.raises(MalformedFile, match="too large"):
        open_passphrase_file(data, PASSPHRASE, trusting(COUNCIL), NOW, max_size=len(data) - 1)


def test_the_writer_never_makes_a_file_the_reader_would_refuse() -> None:
    for work_factor in (MAX_WORK_FACTOR + 1, 9):
        with pytest.raises(ValueError, match="work factor"):
            encrypt_with_passphrase(b"x", "pw", work_factor)


def test_a_passphrase_file_from_an_untrusted_office_is_refused() -> None:
    with pytest.raises(UnknownSender):
        open_passphrase_file(passphrase_file(), PASSPHRASE, trusting(LGA), NOW)


def test_the_two_kinds_of_file_are_not_confused() -> None:
    office_file = build(sample_records(1), COUNCIL.keys, COUNCIL.name, COUNCIL.org, [LGA.card], 1, NOW)
    with pytest.raises(NotForThisOffice, match="not protected by a passphrase"):
        open_passphrase_file(office_file, PASSPHRASE, trusting(COUNCIL), NOW)
    with pytest.raises(NotForThisOffice, match="open it with its passphrase"):
        open_file(passphrase_file(), LGA.keys, trusting(COUNCIL), NOW)


def test_a_passphrase_file_re_encrypted_to_an_office_is_refused() -> None:
    inside = pyrage.passphrase.decrypt(passphrase_file(), PASSPHRASE)
    with pytest.raises(NotForThisOffice, match="passed it on"):
        open_file(encrypt_to_recipients(inside, [ADCS.keys.age_recipient]), ADCS.keys, trusting(COUNCIL), NOW)


def test_an_office_file_re_encrypted_with_a_passphrase_is_refused() -> None:
    office_file = build(sample_records(1), COUNCIL.keys, COUNCIL.name, COUNCIL.org, [LGA.card], 1, NOW)
    inside = pyrage.decrypt(office_file, [pyrage.x25519.Identity.from_str(LGA.keys.age_identity)])
    rewrapped = encrypt_with_passphrase(inside, PASSPHRASE, FAST)
    with pytest.raises(NotForThisOffice, match="not as a passphrase file"):
        open_passphrase_file(rewrapped, PASSPHRASE, trusting(COUNCIL), NOW)


def test_the_scope_of_a_passphrase_file_is_checked_against_its_recipient() -> None:
    record = Record(sample_alert(1, sharing=frozenset({OrgType.LGA})))
    with pytest.raises(ValueError, match="sharing scope"):
        build_for_passphrase([record], COUNCIL.keys, COUNCIL.name, COUNCIL.org, PASSPHRASE, OrgType.ADCS, 1,
                             NOW, work_factor=FAST)
