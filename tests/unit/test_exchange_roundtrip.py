"""Protocol files between offices: what arrives is what was sent, and every rejection says why in one line."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pyrage
import pytest

from sg_desktop.domain.enums import AlertKind, OrgType
from sg_desktop.domain.errors import (
    BadSignature,
    ExchangeError,
    MalformedFile,
    NotForThisOffice,
    Replayed,
    UnknownSender,
)
from sg_desktop.exchange import (
    CLOCK_SKEW,
    PROTOCOL_VERSION,
    Audience,
    MergeKind,
    OfficeCard,
    Record,
    Verified,
    build,
    check_replay,
    needs_passphrase,
    open_file,
    plan_import,
    select_for_export,
    verify_decrypted,
)
from sg_desktop.exchange.agefile import decrypt_with_identity, encrypt_to_recipients
from sg_desktop.exchange.canonical import canonical_json
from sg_desktop.exchange.envelope import seal, unseal
from tests.unit.test_exchange_samples import (
    ADCS,
    COUNCIL,
    GROUP,
    GROUP_IDENTITY,
    LGA,
    NOW,
    Office,
    by_id,
    edit,
    make_office,
    sample_alert,
    sample_records,
    trusting,
)


def council_file(records: list[Record] | None = None, sequence: int = 1, **kwargs: object) -> bytes:
    """A file from the council to the LGA, made at NOW."""
    return build(records if records is not None else sample_records(3), COUNCIL.keys, COUNCIL.name,
                 COUNCIL.org, [LGA.card], sequence, NOW, **kwargs)  # type: ignore[arg-type]


def lga_opens(data: bytes, at_offset: timedelta = timedelta(hours=1)) -> Verified:
    """The LGA opens a file, trusting the council and the ADCS."""
    return open_file(data, LGA.keys, trusting(COUNCIL, ADCS), NOW + at_offset)


def resealed(body: bytes, signer: Office, to: Office) -> bytes:
    """A file whose body was replaced and signed again by `signer`, encrypted to `to` (for attacks)."""
    return encrypt_to_recipients(seal(body, signer.keys), [to.keys.age_recipient])


def body_of(data: bytes, reader: Office) -> bytes:
    """The signed body bytes inside a file, as `reader` decrypts them."""
    return unseal(decrypt_with_identity(data, reader.keys.age_identity)).body


# -- what arrives --------------------------------------------------------------------------------


def test_the_lga_reads_exactly_the_alerts_the_council_sent() -> None:
    records = sample_records(3)
    records[1] = edit(records[1], title="Edited once")
    data = council_file(records, sequence=42)
    opened = lga_opens(data)
    assert [r.alert for r in opened.records] == [r.alert for r in records]
    assert [r.ancestors for r in opened.records] == [r.ancestors for r in records]
    assert [r.version for r in opened.records] == [r.version for r in records]
    assert opened.sender == COUNCIL.card
    assert opened.sequence == 42
    assert opened.created_at == NOW
    assert opened.expires_at == NOW + timedelta(days=30)
    assert set(opened.recipients) == {LGA.card.fingerprint, COUNCIL.card.fingerprint}
    assert len(opened.file_id) == 32
    assert not opened.by_passphrase
    assert not needs_passphrase(data)


def test_the_sender_can_reopen_what_it_sent() -> None:
    data = council_file()
    opened = open_file(data, COUNCIL.keys, trusting(COUNCIL), NOW)
    assert opened.sender_fingerprint == COUNCIL.card.fingerprint


def test_every_recipient_can_open_a_file_for_several_offices() -> None:
    data = build(sample_records(2), COUNCIL.keys, COUNCIL.name, COUNCIL.org, [LGA.card, ADCS.card, GROUP],
                 1, NOW)
    for office in (LGA, ADCS):
        assert len(open_file(data, office.keys, trusting(COUNCIL), NOW).records) == 2
    # The office without SG Desktop decrypts with its plain age key; the inside names it as a recipient.
    inside = pyrage.decrypt(data, [GROUP_IDENTITY])
    opened = verify_decrypted(inside, GROUP.fingerprint, trusting(COUNCIL), NOW)
    assert GROUP.fingerprint in opened.recipients


def test_two_files_of_the_same_alerts_differ_in_file_id() -> None:
    records = sample_records(1)
    assert lga_opens(council_file(records)).file_id != lga_opens(council_file(records)).file_id


def test_a_given_file_id_is_kept() -> None:
    assert lga_opens(council_file(file_id="ab" * 16)).file_id == "ab" * 16


def test_an_empty_file_is_allowed() -> None:
    assert lga_opens(council_file([])).records == ()


def test_two_offices_exchange_alerts_both_ways_and_end_with_the_same_data() -> None:
    council_vault = by_id(sample_records(4))
    lga_vault: dict[str, Record] = {}

    def apply(vault: dict[str, Record], opened: Verified) -> None:
        plan = plan_import(opened.records, vault.get)
        assert plan.counts()[MergeKind.CONFLICT] == 0
        for item in plan.items:
            if item.kind in (MergeKind.NEW, MergeKind.UPDATED):
                vault[item.incoming.alert.id] = item.incoming

    apply(lga_vault, lga_opens(council_file(list(council_vault.values()), sequence=1)))
    first = lga_vault["alert-00001"]
    lga_vault[first.alert.id] = edit(first, title="Updated by the LGA")
    third = council_vault["alert-00003"]
    council_vault[third.alert.id] = edit(third, status=third.alert.status, owner="B. Officer")

    back = build(list(lga_vault.values()), LGA.keys, LGA.name, LGA.org, [COUNCIL.card], 1, NOW)
    opened = open_file(back, COUNCIL.keys, trusting(LGA), NOW)
    kinds = {p.incoming.alert.id: p.kind for p in plan_import(opened.records, council_vault.get).items}
    assert kinds == {"alert-00001": MergeKind.UPDATED, "alert-00002": MergeKind.UNCHANGED,
                     "alert-00003": MergeKind.OLDER, "alert-00004": MergeKind.UNCHANGED}
    apply(council_vault, opened)
    apply(lga_vault, lga_opens(council_file(list(council_vault.values()), sequence=2)))
    assert council_vault == lga_vault


def test_export_leaves_out_alerts_a_recipient_may_not_see_and_build_refuses_them() -> None:
    secret = Record(sample_alert(7, sharing=frozenset({OrgType.LGA})))
    shared = Record(sample_alert(8))
    chosen = select_for_export([secret, shared], [Audience(OrgType.LGA), Audience(OrgType.ADCS)])
    assert chosen.included == (shared,)
    assert [(x.record, x.reason) for x in chosen.left_out] == [(secret, "its sharing scope leaves out ADCS")]
    with pytest.raises(ValueError, match="sharing scope"):
        build([secret], COUNCIL.keys, COUNCIL.name, COUNCIL.org, [LGA.card, ADCS.card], 1, NOW)


def test_build_refuses_a_file_without_recipients_or_with_a_naive_time() -> None:
    with pytest.raises(ValueError, match="recipient"):
        build([], COUNCIL.keys, COUNCIL.name, COUNCIL.org, [], 1, NOW)
    with pytest.raises(ValueError, match="aware"):
        build([], COUNCIL.keys, COUNCIL.name, COUNCIL.org, [LGA.card], 1, NOW.replace(tzinfo=None))


# -- every rejection ------------------------------------------------------------------------------


def one_line(error: pytest.ExceptionInfo[ExchangeError]) -> str:
    message = str(error.value)
    assert message and "\n" not in message
    assert "Practice review" not in message  # never record text
    return message


def test_a_file_for_another_office_is_refused() -> None:
    with pytest.raises(NotForThisOffice) as error:
        open_file(council_file(), ADCS.keys, trusting(COUNCIL), NOW)
    assert one_line(error) == "This file was not encrypted for this office."


def test_a_file_passed_on_by_a_recipient_to_a_third_office_is_refused() -> None:
    # The LGA decrypts the council's file and re-encrypts the signed inside, untouched, to the ADCS.
    inside = decrypt_with_identity(council_file(), LGA.keys.age_identity)
    forwarded = encrypt_to_recipients(inside, [ADCS.keys.age_recipient])
    with pytest.raises(NotForThisOffice) as error:
        open_file(forwarded, ADCS.keys, trusting(COUNCIL, LGA), NOW)
    assert "passed it on" in one_line(error)


def test_a_file_from_an_office_that_is_not_trusted_is_refused() -> None:
    with pytest.raises(UnknownSender) as error:
        open_file(council_file(), LGA.keys, trusting(ADCS), NOW)
    assert COUNCIL.card.fingerprint_digits in one_line(error)


def test_the_lookup_may_refuse_an_untrusted_office_with_its_own_message() -> None:
    def lookup(fp: bytes) -> OfficeCard | None:
        raise UnknownSender("Testshire County Council was added but its fingerprint is not confirmed yet.")

    with pytest.raises(UnknownSender, match="not confirmed"):
        open_file(council_file(), LGA.keys, lookup, NOW)


def test_a_lookup_answering_with_another_office_is_not_believed() -> None:
    with pytest.raises(UnknownSender):
        open_file(council_file(), LGA.keys, lambda fp: ADCS.card, NOW)


def test_a_file_signed_with_another_key_is_refused() -> None:
    data = council_file()
    body = body_of(data, LGA)
    impostor = make_office(COUNCIL.name, COUNCIL.org)
    sealed = json.loads(seal(body, impostor.keys))
    sealed["signer"] = COUNCIL.card.fingerprint.hex()  # claims to be the council, signed by someone else
    forged = encrypt_to_recipients(json.dumps(sealed).encode(), [LGA.keys.age_recipient])
    with pytest.raises(BadSignature) as error:
        lga_opens(forged)
    one_line(error)


def test_a_trusted_office_cannot_pass_off_a_body_naming_another_sender() -> None:
    # The ADCS is trusted and signs honestly, but the body it signed says it comes from the council.
    body = body_of(council_file(), LGA)
    with pytest.raises(BadSignature, match="different sender"):
        lga_opens(resealed(body, ADCS, LGA))


def test_a_correctly_signed_body_with_a_repeated_key_is_refused() -> None:
    body = body_of(council_file(), LGA)
    doubled = b'{"sequence":99,' + body[1:]
    with pytest.raises(MalformedFile, match="same key twice") as error:
        lga_opens(resealed(doubled, COUNCIL, LGA))
    one_line(error)


def test_an_envelope_with_a_repeated_key_is_refused() -> None:
    inside = decrypt_with_identity(council_file(), LGA.keys.age_identity)
    doubled = b'{"signer":"' + ADCS.card.fingerprint.hex().encode() + b'",' + inside[1:]
    with pytest.raises(MalformedFile):
        lga_opens(encrypt_to_recipients(doubled, [LGA.keys.age_recipient]))


def newer_body(data: bytes, reader: Office) -> bytes:
    """The body of `data` with its version raised past the one this SG Desktop writes, signed again."""
    body = body_of(data, reader)
    assert body.endswith(b'"version":%d}' % PROTOCOL_VERSION)
    return body.replace(b'"version":%d}' % PROTOCOL_VERSION, b'"version":%d}' % (PROTOCOL_VERSION + 1))


def test_a_file_from_a_newer_version_says_to_update() -> None:
    with pytest.raises(MalformedFile, match="newer version of SG Desktop") as error:
        lga_opens(resealed(newer_body(council_file(), LGA), COUNCIL, LGA))
    assert one_line(error) == (
        f"This file was made by a newer version of SG Desktop (format version {PROTOCOL_VERSION + 1}); "
        "update SG Desktop to read it."
    )


@pytest.mark.parametrize("version", [0, -1, "2", True, None])
def test_a_body_version_that_was_never_released_is_not_a_protocol_file(version: object) -> None:
    body = json.loads(body_of(council_file(), LGA))
    body["version"] = version
    with pytest.raises(MalformedFile, match="not an SG Desktop protocol document"):
        lga_opens(resealed(canonical_json(body), COUNCIL, LGA))


def test_a_record_that_breaks_the_format_is_named_by_position_and_field_not_text() -> None:
    records = [Record(sample_alert(1)), Record(sample_alert(2, kind=AlertKind.TRIAL))]
    body = body_of(council_file(records), LGA).replace(b'"kind":"trial"', b'"kind":"gossip"')
    with pytest.raises(MalformedFile) as error:
        lga_opens(resealed(body, COUNCIL, LGA))
    assert one_line(error) == "Record 2 in the file is not valid: kind is not one of the known values."


def test_an_expired_file_is_refused() -> None:
    data = council_file()
    lga_opens(data, timedelta(days=30) - timedelta(microseconds=1))
    with pytest.raises(ExchangeError) as error:
        lga_opens(data, timedelta(days=30))
    assert one_line(error) == f"This file expired on 1 April 2026; ask {COUNCIL.name} to send a new one."


def test_a_file_from_the_future_is_refused_beyond_the_clock_tolerance() -> None:
    data = council_file()
    lga_opens(data, -CLOCK_SKEW)
    with pytest.raises(ExchangeError, match="later than this computer's clock") as error:
        lga_opens(data, -CLOCK_SKEW - timedelta(seconds=1))
    one_line(error)


def test_oversized_input_is_refused_before_anything_else() -> None:
    data = council_file()
    with pytest.raises(MalformedFile, match="too large") as error:
        open_file(data, LGA.keys, trusting(COUNCIL), NOW, max_size=len(data) - 1)
    one_line(error)
    huge = b"age-encryption.org/v1\n" + bytes(64 * 1024 * 1024)
    with pytest.raises(MalformedFile, match="the limit is 64 MiB"):
        open_file(huge, LGA.keys, trusting(COUNCIL), NOW)


@pytest.mark.parametrize("junk", [b"", b"hello", b"PK\x03\x04 a zip file", b"age-encryption.org/v2\n"])
def test_something_that_is_not_a_protocol_file_is_refused(junk: bytes) -> None:
    with pytest.raises(MalformedFile, match="not an SG Desktop protocol file"):
        open_file(junk, LGA.keys, trusting(COUNCIL), NOW)


def test_an_armored_age_file_is_refused() -> None:
    armored = pyrage.encrypt(b"x", [pyrage.x25519.Recipient.from_str(LGA.keys.age_recipient)], armored=True)
    with pytest.raises(MalformedFile, match="armored"):
        open_file(armored, LGA.keys, trusting(COUNCIL), NOW)


def test_a_header_with_absurdly_many_recipients_is_refused_before_trying_the_key() -> None:
    stanza = b"-> X25519 " + b"A" * 43 + b"\n" + b"A" * 43 + b"\n"
    data = b"age-encryption.org/v1\n" + stanza * 1001 + b"--- " + b"A" * 43 + b"\n" + bytes(100)
    with pytest.raises(MalformedFile, match="more than 1000 recipients"):
        open_file(data, LGA.keys, trusting(COUNCIL), NOW)


def test_an_age_file_that_is_not_a_protocol_document_is_refused() -> None:
    plain = encrypt_to_recipients(b'{"hello": "world"}', [LGA.keys.age_recipient])
    with pytest.raises(MalformedFile, match="not an SG Desktop protocol document"):
        lga_opens(plain)


# -- the order of the checks ---------------------------------------------------------------------


def test_the_signature_is_checked_before_the_time() -> None:
    with pytest.raises(UnknownSender):
        open_file(council_file(), LGA.keys, trusting(), NOW + timedelta(days=365))


def test_the_recipients_are_checked_before_the_time() -> None:
    inside = decrypt_with_identity(council_file(), LGA.keys.age_identity)
    forwarded = encrypt_to_recipients(inside, [ADCS.keys.age_recipient])
    with pytest.raises(NotForThisOffice):
        open_file(forwarded, ADCS.keys, trusting(COUNCIL), NOW + timedelta(days=365))


def test_the_time_is_checked_before_the_records() -> None:
    body = body_of(council_file(), LGA).replace(b'"kind":"cspr"', b'"kind":"gossip"')
    with pytest.raises(ExchangeError, match="expired"):
        lga_opens(resealed(body, COUNCIL, LGA), timedelta(days=31))


def test_the_version_is_checked_before_the_recipients() -> None:
    body = newer_body(council_file(), LGA)
    with pytest.raises(MalformedFile, match="newer version"):
        open_file(resealed(body, COUNCIL, ADCS), ADCS.keys, trusting(COUNCIL), NOW)


# -- replay and rollback ---------------------------------------------------------------------------


def test_a_file_already_imported_is_refused() -> None:
    opened = lga_opens(council_file(sequence=5))
    with pytest.raises(Replayed, match=r"^This file was already imported\.$"):
        check_replay(opened.file_id, opened.sequence, {opened.file_id}, 5, COUNCIL.name)


def test_an_older_file_after_a_newer_one_from_the_same_sender_is_refused() -> None:
    with pytest.raises(Replayed) as error:
        check_replay("cd" * 16, 4, set(), 5, COUNCIL.name)
    assert str(error.value) == f"This file is older than one already imported from {COUNCIL.name}."
    with pytest.raises(Replayed):
        check_replay("cd" * 16, 5, set(), 5, COUNCIL.name)


def test_a_newer_file_or_the_first_from_a_sender_passes_the_replay_check() -> None:
    check_replay("cd" * 16, 6, {"ab" * 16}, 5, COUNCIL.name)
    check_replay("cd" * 16, 1, set(), None, COUNCIL.name)


def test_a_body_that_is_not_base64_in_the_envelope_is_refused() -> None:
    inside = json.loads(decrypt_with_identity(council_file(), LGA.keys.age_identity))
    inside["body"] = inside["body"][:-4] + "!!!!"
    with pytest.raises(MalformedFile):
        lga_opens(encrypt_to_recipients(json.dumps(inside).encode(), [LGA.keys.age_recipient]))
    inside["body"] = base64.b64encode(b"{}").decode()
    with pytest.raises(BadSignature):
        lga_opens(encrypt_to_recipients(json.dumps(inside).encode(), [LGA.keys.age_recipient]))
