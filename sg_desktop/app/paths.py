"""Where things live on disk by default."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

__all__ = ["VAULT_FILE_NAME", "default_vault_path", "vault_path_from"]

VAULT_FILE_NAME = "vault.sgvault"


def default_vault_path() -> Path:
    """The vault in the platform's per-user data folder (e.g. ~/.local/share/SG Desktop/vault.sgvault)."""
    import platformdirs  # only when no vault was named: it costs the window's start-up 10 ms

    return Path(platformdirs.user_data_dir("SG Desktop", appauthor=False, roaming=False)) / VAULT_FILE_NAME


def vault_path_from(option: str | None, env: Mapping[str, str]) -> Path:
    """The vault chosen by `--vault`, else `SG_VAULT`, else the default."""
    if option:
        return Path(option).expanduser()
    if env.get("SG_VAULT"):
        return Path(env["SG_VAULT"]).expanduser()
    return default_vault_path()
