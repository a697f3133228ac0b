"""`backup`, `backup list` and `restore`: encrypted copies of the vault, and putting one back."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sg_desktop.app.backups import BackupInfo, BackupService
from sg_desktop.cli.context import Context, UsageError

__all__ = ["backup", "register", "restore"]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the backup commands to the subcommand parser."""
    p = sub.add_parser(
        "backup", parents=[common], help="make an encrypted backup of the vault, or list the backups",
        description="Write an encrypted backup of the vault (its database and key file, in one file): into the "
        "backup folder beside the vault, or to --out FILE. The backup opens with the passphrase, or the recovery "
        "key, the vault has today. `backup list` shows the backups in the backup folder.")
    p.add_argument("action", nargs="?", choices=["list"], help="list: the backups in the backup folder")
    p.add_argument("--out", metavar="FILE", help="where to write the backup (a new file; .sgbackup)")
    p.add_argument("--json", action="store_true", help="with list: print JSON")
    p.set_defaults(handler=backup)

    p = sub.add_parser(
        "restore", parents=[common], help="replace the vault with a backup (the vault as it is is kept)",
        description="Check a backup wholly (with the passphrase the vault had when it was made), then, once you "
        "say yes, keep the vault as it is now as a backup in the backup folder and put the backup in its place.")
    p.add_argument("file", metavar="FILE", help="the backup to restore (.sgbackup)")
    p.add_argument("--yes", action="store_true", help="do not ask before replacing the vault")
    p.add_argument("--recovery-key-file", metavar="FILE", help="open the backup with the recovery key in FILE "
                   "instead of the passphrase")
    p.set_defaults(handler=restore)


def _service(ctx: Context) -> BackupService:
    return BackupService(ctx.vault_path, ctx.clock)


def backup(ctx: Context) -> int:
    """Make a backup, or list them."""
    a = ctx.args
    if a.action == "list":
        if a.out:
            raise UsageError("`backup list` takes no --out; to make a backup, run `sg-desktop backup --out FILE`.")
        return _list(ctx)
    if a.json:
        raise UsageError("--json goes with `backup list`.")
    service = _service(ctx)
    out = Path(a.out).expanduser() if a.out else None
    if out is not None:
        out = out.absolute()
    session = ctx.open_session()
    try:
        pending = service.begin(session, out)
    finally:
        session.lock()
    info = pending.run()
    ctx.out(f"Wrote the backup {info.path} ({_size(info.size)}): every page checked. It opens with the vault's "
            "passphrase of today, or its recovery key.")
    return 0


def _list(ctx: Context) -> int:
    service = _service(ctx)
    backups = service.backups()
    if ctx.args.json:
        ctx.out(json.dumps([_json(b) for b in backups], indent=2))
        return 0
    if not backups:
        ctx.out(f"No backups in {service.folder}.")
        return 0
    for b in backups:
        checked = "checked" if b.checked else "not checked"
        ctx.out(f"{_when(b)}  {b.kind_words:<19} {_size(b.size):>9}  {checked:<11}  {b.path}")
    return 0


def restore(ctx: Context) -> int:
    """Check a backup, ask, keep the vault as it is, put the backup in its place."""
    a = ctx.args
    service = _service(ctx)
    source = Path(a.file).expanduser().absolute()
    service.check_restorable(source)  # not a backup, damaged, another vault: said before any passphrase
    if not a.yes and not ctx.stdin.isatty():
        raise UsageError("Restoring replaces the vault and needs confirmation: run it in a terminal, or add --yes. "
                         "Nothing was changed.")
    if a.recovery_key_file:
        passphrase, recovery_key = None, ctx.recovery_key()
    else:
        passphrase, recovery_key = ctx.passphrase("Passphrase of the backup (the vault's when it was made): "), None
    with service.prepare_restore(source, passphrase=passphrase, recovery_key=recovery_key) as prepared:
        made = _when(prepared.info)
        if not a.yes:
            if prepared.replaces:
                ctx.ask(f"Replace the vault at {service.vault_path} with the backup made {made}? The vault as it "
                        "is now is kept in the backup folder first. [y/N] ")
            else:
                ctx.ask(f"Restore the backup made {made} to {service.vault_path}? [y/N] ")
            if ctx.stdin.readline().strip().lower() not in ("y", "yes"):
                ctx.note("Nothing was changed.")
                return 1
        done = prepared.apply()
    ctx.out(f"Restored the backup made {made} to {service.vault_path}.")
    if done.kept is not None:
        ctx.out(f"The vault as it was is kept as {done.kept}.")
    ctx.out("Unlock it with the passphrase it had when the backup was made (or the recovery key).")
    return 0


def _json(b: BackupInfo) -> dict[str, object]:
    return {"file": str(b.path), "created": b.created.isoformat(), "kind": b.kind, "checked": b.checked,
            "size": b.size, "vault_id": b.vault_id, "schema": b.schema}


def _when(b: BackupInfo) -> str:
    return f"{b.created.astimezone():%Y-%m-%d %H:%M}"


def _size(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"
