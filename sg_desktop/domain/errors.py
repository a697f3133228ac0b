"""The one error tree of SG Desktop.

Every message is written for the officer who reads it: it says what went wrong and what to do, and it
never contains record text (titles, summaries, notes) or secrets.

    SgError
    ├── VaultError
    │   ├── VaultNotFound          no vault at the given path
    │   ├── VaultExists            refusing to overwrite an existing vault
    │   ├── NotAVault              the file is not an SG Desktop vault
    │   ├── VaultDamaged           the vault or its key file fails its integrity checks
    │   ├── WrongPassphrase        no key slot opens with this passphrase
    │   ├── WrongRecoveryKey       the recovery key is mistyped or belongs to another vault
    │   ├── VaultLocked            an operation needs an unlocked vault
    │   ├── SchemaTooNew           the vault was written by a newer SG Desktop
    │   └── BackupError            a backup cannot be made, read or restored; nothing was changed
    ├── ExchangeError
    │   ├── NotForThisOffice       this office is not among the file's recipients
    │   ├── BadSignature           the signature does not verify with the sender's pinned key
    │   ├── UnknownSender          the sender is not a trusted office
    │   ├── Replayed               the file (or an older one from the sender) was already imported
    │   ├── MalformedFile          the file is not a protocol file, or breaks its format
    │   └── CannotWrite            a protocol file or card cannot be written where the officer asked
    ├── NotFound                   no record with that reference
    ├── IdentifyingDataWarning     free text looks like it could identify a child; needs confirmation
    └── ValidationError            user input breaks a rule; `problems` lists each one
"""

from __future__ import annotations

from dataclasses import dataclass

from sg_desktop.domain.places import FieldPath

__all__ = [
    "DAMAGED",
    "BackupError",
    "BadSignature",
    "CannotWrite",
    "ExchangeError",
    "IdentifyingDataWarning",
    "MalformedFile",
    "NotAVault",
    "NotForThisOffice",
    "NotFound",
    "Problem",
    "Replayed",
    "SchemaTooNew",
    "SgError",
    "UnknownSender",
    "ValidationError",
    "VaultDamaged",
    "VaultError",
    "VaultExists",
    "VaultLocked",
    "VaultNotFound",
    "WrongPassphrase",
    "WrongRecoveryKey",
]


DAMAGED = "The vault file is damaged and cannot be read. Restore it from a backup."
"""What every part of SG Desktop says about a vault whose pages fail their checks."""


class SgError(Exception):
    """Base of every error SG Desktop reports to a user; `str(error)` is the one-line message."""


class VaultError(SgError):
    """Something is wrong with the vault or the way it was opened."""


class VaultNotFound(VaultError):
    """There is no vault at the given place."""


class VaultExists(VaultError):
    """A vault already exists where a new one was to be created."""


class NotAVault(VaultError):
    """The file is not an SG Desktop vault."""


class VaultDamaged(VaultError):
    """The vault or its key file is damaged or was changed outside SG Desktop (by default, `DAMAGED`)."""

    def __init__(self, message: str = DAMAGED) -> None:
        super().__init__(message)


class WrongPassphrase(VaultError):
    """The passphrase does not open the vault."""


class WrongRecoveryKey(VaultError):
    """The recovery key is mistyped or belongs to another vault."""


class VaultLocked(VaultError):
    """The vault is locked; unlock it first."""


class SchemaTooNew(VaultError):
    """The vault was written by a newer version of SG Desktop."""


class BackupError(VaultError):
    """A backup cannot be made, is not a backup, is damaged, or cannot be restored here; nothing was changed."""


class ExchangeError(SgError):
    """A protocol file cannot be accepted."""


class NotForThisOffice(ExchangeError):
    """This office is not among the file's recipients."""


class BadSignature(ExchangeError):
    """The file's signature does not verify."""


class UnknownSender(ExchangeError):
    """The sender is not a trusted office."""


class Replayed(ExchangeError):
    """The file, or a newer one from the same sender, was already imported."""


class MalformedFile(ExchangeError):
    """The file is not a well-formed protocol file."""


class CannotWrite(ExchangeError):
    """A protocol file or an office card cannot be written where the officer asked; nothing was written."""


class NotFound(SgError):
    """No record matches."""


@dataclass(frozen=True)
class Problem:
    """One broken rule: which field (`field`, its name as `FieldPath.key` spells it), a sentence a person
    understands, and, for an alert's fields, the place itself (`path`)."""

    field: str
    message: str
    path: FieldPath | None = None

    @classmethod
    def at(cls, path: FieldPath, message: str) -> Problem:
        """A broken rule at a place in an alert."""
        return cls(path.key, message, path)


class ValidationError(SgError):
    """User input breaks one or more rules."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        # One sentence: "The title is too long; the summary holds a control character." not ".; ".
        parts = [p.message for p in self.problems]
        joined = "; ".join(m.removesuffix(".") for m in parts[:-1]) + ("; " if len(parts) > 1 else "")
        super().__init__(joined + parts[-1] if parts else "The input is not valid.")


class IdentifyingDataWarning(SgError):
    """Free text looks like it holds data that could identify a child; saving needs the user's confirmation."""

    def __init__(self, findings: list[str] | tuple[str, ...]) -> None:
        self.findings: tuple[str, ...] = tuple(findings)
        super().__init__(
            "The text may identify a child: " + "; ".join(self.findings) + ". Nothing was saved."
        )
