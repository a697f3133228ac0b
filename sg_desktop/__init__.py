"""SG Desktop: the confidential early-alert log for children's safeguarding media cases.

The version has one home, `pyproject.toml`; `__version__` reads it from the installed package's metadata,
which a wheel, an editable install (`uv run`) and the PyInstaller bundle (its spec copies the metadata) all
carry. It is read when first asked for: importing `importlib.metadata` costs a command's start-up 30 ms.
"""

from __future__ import annotations

__all__ = ["__version__"]

_read: list[str] = []


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not _read:
        from importlib.metadata import PackageNotFoundError, version

        try:
            _read.append(version("sg-desktop"))
        except PackageNotFoundError:  # the source tree on sys.path, never installed: no version to claim
            _read.append("unknown")
    return _read[0]
