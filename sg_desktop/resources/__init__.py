"""Data files shipped inside the package, read through `importlib.resources` so they work from a wheel."""

from __future__ import annotations

from importlib import resources

__all__ = ["councils_csv"]


def councils_csv() -> str:
    """The text of the packaged reference list of councils (`councils.csv`)."""
    return resources.files(__name__).joinpath("councils.csv").read_text(encoding="utf-8")
