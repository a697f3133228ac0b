"""Backups of the vault: made on request, or once a day as the vault locks; listed; restored.

Automatic backups live in a folder beside the vault (`office.sgvault.backups/`), the newest `keep` of them
kept. A backup made by hand (File ▸ Backups ▸ Back up now, or `sg-desktop backup`) and the copy a restore keeps
of the vault it replaced are never deleted by SG Desktop. Each backup is audited as it begins, so the backup
carries its own entry; a restore is audited inside the restored vault (the backup's date and vault id only).

Restoring checks the whole backup first (the container, the manifest, the passphrase it was made with, every
page and the structure of its database) under a temporary name beside the vault; only then, and only once
asked to, does it keep the current vault as a backup and put the backup in its place (`store/restore.py`
explains the order, and what a crash at each step leaves).
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sg_desktop.app.clock import Clock
from sg_desktop.app.session import Session
from sg_desktop.crypto import KeyFile, SlotKind, parse_recovery_key, passphrase_secret, unwrap_key
from sg_desktop.domain.councils import Council
from sg_desktop.domain.errors import BackupError, SchemaTooNew, SgError, WrongPassphrase
from sg_desktop.store.backup import BackupJob, check_copy, copy_vault_files
from sg_desktop.store.backup_file import BackupFile, Manifest, read_backup
from sg_desktop.store.database import verify_pages
from sg_desktop.store.files import remove_stale_temps
from sg_desktop.store.migrations import LATEST_VERSION
from sg_desktop.store.restore import in_use_elsewhere, keep_lone_file, replace_vault_files
from sg_desktop.store.vault import BACKUP_SUFFIX, Vault, backup_folder, key_file_path, read_key_file

__all__ = [
    "DEFAULT_KEEP",
    "KIND_WORDS",
    "BackupInfo",
    "BackupService",
    "PendingBackup",
    "PreparedRestore",
    "RestoreDone",
    "backup_folder",
    "check_every_page",
]

DEFAULT_KEEP = 7
"""How many automatic backups are kept unless the officer chose another number (Preferences)."""

KIND_WORDS = {"automatic": "Automatic", "manual": "Made by hand", "replaced": "Kept when restoring"}
"""What each kind of backup is called on screen and at the command line."""

_WRONG_PASSPHRASE = ("That passphrase does not open this backup. Type the passphrase the vault had when the "
                     "backup was made (the recovery key opens it too); nothing was changed.")


def check_every_page(session: Session) -> None:
    """Verify every page of the open vault's file on a connection of its own, for a worker thread while the
    window carries on with its own: VaultDamaged at a page that fails, VaultLocked when the vault locked first."""
    with session.vault.own_connection() as conn:
        verify_pages(conn)


@dataclass(frozen=True)
class BackupInfo:
    """One backup as the officer sees it in a list."""

    path: Path
    created: datetime
    kind: str
    checked: bool
    vault_id: str
    schema: int
    size: int

    @classmethod
    def of(cls, backup: BackupFile) -> BackupInfo:
        """The listing of a backup read from its file."""
        m = backup.manifest
        return cls(backup.path, m.created, m.kind, m.checked, m.vault_id, m.schema, backup.size)

    @property
    def kind_words(self) -> str:
        """"Automatic", "Made by hand" or "Kept when restoring"."""
        return KIND_WORDS.get(self.kind, self.kind)


class PendingBackup:
    """A backup begun while the vault is open; `run()` finishes it on any thread, even after the vault locked."""

    def __init__(self, service: BackupService, job: BackupJob, *, automatic: bool) -> None:
        self._service = service
        self._job = job
        self._automatic = automatic
        self.dest = job.dest

    def run(self) -> BackupInfo:
        """Copy, check and write the backup (and, for an automatic one, delete the oldest beyond the number
        kept); BackupError when it failed its check, with nothing left behind."""
        self._job.run()
        info = BackupInfo.of(read_backup(self.dest))
        if self._automatic:
            self._service.prune(info.vault_id)
        return info

    def discard(self) -> None:
        """Give up a backup that will not run."""
        self._job.discard()


class BackupService:
    """The backups of the vault at `vault_path`; `keep` automatic backups are kept."""

    def __init__(self, vault_path: Path, clock: Clock, *, keep: int = DEFAULT_KEEP) -> None:
        self.vault_path = vault_path
        self.folder = backup_folder(vault_path)
        self._clock = clock
        self.keep = max(1, keep)

    # -- making --------------------------------------------------------------------------------

    def begin(self, session: Session, out: Path | None = None, *, kind: str = "manual") -> PendingBackup:
        """Begin a backup of the open `session`'s vault into `out` (else a new file in the backup folder):
        audited now, so the backup carries its own entry. BackupError when `out` is a vault's file, a backup,
        or any file that exists."""
        created = self._clock.now()
        dest = out if out is not None else self._new_name(created, kind)
        vault = session.vault
        job = BackupJob(vault, dest, created=created, kind=kind)
        try:
            with vault.transaction():
                vault.audit.append(created, "vault.backup", session.vault_id, kind=kind)
        except BaseException:
            job.discard()
            raise
        return PendingBackup(self, job, automatic=kind == "automatic")

    def back_up(self, session: Session, out: Path | None = None) -> BackupInfo:
        """Make a backup by hand now (see `begin`) and return it."""
        return self.begin(session, out).run()

    def begin_daily(self, session: Session) -> PendingBackup | None:
        """The automatic backup, begun, when none was made today; else None."""
        if session.demo or not self.due(session.vault_id):
            return None
        return self.begin(session, kind="automatic")

    def due(self, vault_id: str) -> bool:
        """Whether no automatic backup of this vault was made today."""
        today = self._day(self._clock.now())
        return not any(b.kind == "automatic" and self._day(b.created) == today for b in self.backups(vault_id))

    def prune(self, vault_id: str) -> list[Path]:
        """Delete this vault's automatic backups beyond the newest `keep`; return what was deleted."""
        automatic = [b for b in self.backups(vault_id) if b.kind == "automatic"]
        deleted = []
        for old in automatic[self.keep:]:
            with contextlib.suppress(FileNotFoundError):
                old.path.unlink()
                deleted.append(old.path)
        return deleted

    # -- listing -------------------------------------------------------------------------------

    def backups(self, vault_id: str | None = None) -> list[BackupInfo]:
        """The backups in the folder, newest first: those of `vault_id` (by default this vault's, when its key
        file can be read); a file there that is not a readable backup is left out."""
        wanted = self.current_vault_id() if vault_id is None else vault_id
        self._clear_leftovers()
        found = []
        for path in self._candidates():
            try:
                info = BackupInfo.of(read_backup(path))
            except SgError:
                continue
            if wanted is None or info.vault_id == wanted:
                found.append(info)
        return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)

    def _clear_leftovers(self) -> None:
        # What a backup or a restore killed halfway left: a copy of the database being checked or a backup being
        # written (`.NAME.sgbackup.<hex>.db`, `.part`), a backup being unpacked beside the vault. All encrypted,
        # but not to be kept; an hour old, since a backup of a very large vault can take minutes.
        if self.folder.is_dir():
            for backup in {p.name[1:].rsplit(BACKUP_SUFFIX + ".", 1)[0] + BACKUP_SUFFIX
                           for p in self.folder.glob(f".*{BACKUP_SUFFIX}.*")}:
                for pattern in ("*.db", "*.db-wal", "*.db-shm", "*.db-journal", "*.part"):
                    remove_stale_temps(self.folder / backup, older_than=3600, pattern=pattern)
        remove_stale_temps(self.vault_path, older_than=3600, pattern="restoring-*")

    def newest_good(self, vault_id: str | None = None) -> BackupInfo | None:
        """The newest backup that was checked when it was made (a copy kept by a restore is not: it may be the
        damaged vault it replaced)."""
        return next((b for b in self.backups(vault_id) if b.checked), None)

    def current_vault_id(self) -> str | None:
        """The id of the vault at the path, from its key file; None when there is none or it cannot be read."""
        try:
            return KeyFile.from_bytes(read_key_file(self.vault_path)).vault_id
        except SgError:
            return None

    def _candidates(self) -> list[Path]:
        try:
            return [p for p in self.folder.iterdir() if p.name.endswith(BACKUP_SUFFIX) and not p.name.startswith(".")]
        except OSError:
            return []

    # -- restoring -----------------------------------------------------------------------------

    def prepare_restore(self, path: Path, *, passphrase: str | None = None, recovery_key: str | None = None,
                        probe: bool = True) -> PreparedRestore:
        """Check the backup at `path` wholly, without touching the vault: BackupError (or WrongPassphrase,
        VaultDamaged, SchemaTooNew) with one line when it cannot be restored here.

        `probe`: refuse now when another process has the vault open. The window passes False while its own
        session is open (a process cannot probe a file it has open itself); `apply` always probes."""
        backup, key_file, current = self._restorable(path)
        if probe:
            self._refuse_in_use()
        data_key = _unwrap(key_file, passphrase, recovery_key)
        self.vault_path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.vault_path.with_name(f".{self.vault_path.name}.restoring-{secrets.token_hex(4)}")
        try:
            backup.extract(temp)
            try:
                facts = check_copy(temp, data_key)
            except SgError as exc:
                raise BackupError(f"The backup {path} did not pass its check ({exc}); nothing was changed.") \
                    from None
            if facts.vault_id != key_file.vault_id:
                raise BackupError(f"The backup {path} holds a database of another vault than its key file; "
                                  "nothing was changed.")
            if facts.schema > LATEST_VERSION:
                raise SchemaTooNew(f"The backup {path} was made by a newer SG Desktop. Update SG Desktop to "
                                   "restore it.")
        except BaseException:
            _remove_temp(temp)
            raise
        replaces = current is not None or self.vault_path.exists()
        prepared = PreparedRestore(self, backup, key_file.vault_id, data_key, temp, replaces=replaces)
        try:
            prepared.same_key_file = read_key_file(self.vault_path) == backup.key_file
        except SgError:
            prepared.same_key_file = False
        return prepared

    def check_restorable(self, path: Path) -> BackupInfo:
        """Read the backup at `path` as far as its manifest and key file, and refuse (BackupError) one of another
        vault than the one at the path: all that can be checked before the passphrase is asked for."""
        return BackupInfo.of(self._restorable(path)[0])

    def _restorable(self, path: Path) -> tuple[BackupFile, KeyFile, str | None]:
        backup = read_backup(path)
        key_file = _key_file_of(backup)
        current = self.current_vault_id()
        if current is None and key_file_path(self.vault_path).exists():
            current = ""  # a key file too damaged to name its vault: restoring over it is what it needs
        if current and current != key_file.vault_id:
            raise BackupError(
                f"{path} is a backup of another vault, not of the vault at {self.vault_path}; nothing was changed. "
                "To open it, restore it to a new place (sg-desktop restore FILE --vault NEW.sgvault)."
            )
        return backup, key_file, current

    def _refuse_in_use(self) -> None:
        if self.vault_path.is_file() and in_use_elsewhere(self.vault_path):
            raise BackupError(f"The vault at {self.vault_path} is open in SG Desktop (or a command); quit it "
                              "first. Nothing was changed.")

    # -- names ---------------------------------------------------------------------------------

    def _new_name(self, created: datetime, kind: str) -> Path:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise BackupError(f"The backup folder {self.folder} cannot be made ({exc.strerror or 'system error'}); "
                              "no backup was written.") from None
        stem = f"{self.vault_path.stem}-{created.astimezone():%Y-%m-%d-%H%M%S}"
        if kind == "replaced":
            stem += "-before-restore"
        elif kind == "manual":
            stem += "-by-hand"
        for n in range(1, 1000):
            candidate = self.folder / f"{stem}{'' if n == 1 else f'-{n}'}{BACKUP_SUFFIX}"
            if not candidate.exists():
                return candidate
        raise BackupError(f"The backup folder {self.folder} has too many backups made in one second.")

    @staticmethod
    def _day(moment: datetime) -> date:
        return moment.astimezone().date()

    def _now(self) -> datetime:
        return self._clock.now()


@dataclass(frozen=True)
class RestoreDone:
    """What a restore did: which backup is now the vault, and where the replaced vault was kept (None when there
    was no vault to keep)."""

    backup: BackupInfo
    kept: Path | None


class PreparedRestore:
    """A backup checked and ready, beside the vault under a temporary name; nothing of the vault has changed.
    `apply()` puts it in place; `discard()` (or leaving the `with` block) forgets it."""

    def __init__(self, service: BackupService, backup: BackupFile, vault_id: str, data_key: bytes, temp: Path, *,
                 replaces: bool) -> None:
        self._service = service
        self._backup = backup
        self.vault_id = vault_id
        self._key = bytearray(data_key)
        self._temp = temp
        self.replaces = replaces
        self.info = BackupInfo.of(backup)
        self.done: RestoreDone | None = None
        self.same_key_file = False
        """Whether the backup's key file is the vault's as it is now (the same passphrase opens both)."""

    @property
    def manifest(self) -> Manifest:
        """What the backup says of itself."""
        return self._backup.manifest

    def __enter__(self) -> PreparedRestore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.discard()

    def apply(self) -> RestoreDone:
        """Record the restore in the backup's database, keep the current vault as a backup, and put the backup
        in its place; BackupError (nothing changed) when that cannot be done."""
        if self.done is not None:
            return self.done
        service, vault_path, now = self._service, self._service.vault_path, self._service._now()
        service._refuse_in_use()
        restored = Vault.open(self._temp, bytes(self._key), self.vault_id)  # brings an older schema up to date
        try:
            with restored.transaction():
                restored.audit.append(now, "vault.restore", self.vault_id,
                                      backup_created=self.manifest.created.isoformat())
        finally:
            restored.close()
        kept = self._keep_current(now)
        replace_vault_files(vault_path, self._temp, self._backup.key_file)
        self.done = RestoreDone(self.info, kept)
        return self.done

    def open_restored(self, clock: Clock, councils: tuple[Council, ...]) -> Session:
        """The restored vault, open (with the key the backup was checked with), for the window to show."""
        if self.done is None:
            raise BackupError("The backup has not been restored.")
        return Session(Vault.open(self._service.vault_path, bytes(self._key), self.vault_id), clock, councils)

    def discard(self) -> None:
        """Forget the checked copy and the key it opened with."""
        self._key[:] = bytes(len(self._key))
        _remove_temp(self._temp)

    def _keep_current(self, now: datetime) -> Path | None:
        service, vault_path = self._service, self._service.vault_path
        keys = key_file_path(vault_path)
        if vault_path.is_file() and keys.is_file():
            dest = service._new_name(now, "replaced")
            copy_vault_files(vault_path, service.current_vault_id() or self.vault_id, dest, created=now)
            return dest
        for lone in (vault_path, keys):
            if lone.is_file():  # a database without its key file, or the reverse: moved aside whole
                dest = service._new_name(now, "replaced")
                dest = dest.with_name(dest.name.removesuffix(BACKUP_SUFFIX) + (".keys" if lone == keys else ".db"))
                keep_lone_file(lone, dest)
                return dest
        return None


def _key_file_of(backup: BackupFile) -> KeyFile:
    try:
        key_file = KeyFile.from_bytes(backup.key_file)
    except SgError:
        raise BackupError(f"The backup {backup.path} holds a damaged key file; nothing was changed.") from None
    if key_file.vault_id != backup.manifest.vault_id:
        raise BackupError(f"The backup {backup.path} is damaged: its key file and manifest name different "
                          "vaults; nothing was changed.")
    return key_file


def _unwrap(key_file: KeyFile, passphrase: str | None, recovery_key: str | None) -> bytes:
    if recovery_key is not None:
        slot = key_file.slot(SlotKind.RECOVERY)
        if slot is None:
            raise BackupError("This backup's key file has no recovery key slot; use the passphrase.")
        return unwrap_key(slot, parse_recovery_key(recovery_key).secret, key_file.vault_id)
    slot = key_file.slot(SlotKind.PASSPHRASE)
    if slot is None:
        raise BackupError("This backup's key file has no passphrase slot; use the recovery key.")
    try:
        return unwrap_key(slot, passphrase_secret(passphrase or ""), key_file.vault_id)
    except WrongPassphrase:
        raise WrongPassphrase(_WRONG_PASSPHRASE) from None


def _remove_temp(temp: Path) -> None:
    for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm"), Path(f"{temp}-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()

