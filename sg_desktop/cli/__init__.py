"""The headless `sg-desktop` commands, over the same app/ services as the desktop application.

Every user error ends as one line on stderr and a non-zero exit status, never a traceback:
1 for an error the user can fix (wrong passphrase, bad input, damaged file), 2 for a misused command.

`is_headless` is light; the commands themselves (`run`, `build_parser`, `COMMANDS`, from `runner`) load the
vault, crypto and SQL layers, so they are imported only when first asked for: the window's start-up routes
its arguments through `is_headless` and must not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sg_desktop.cli.routing import is_headless

if TYPE_CHECKING:
    from sg_desktop.cli.runner import COMMANDS, build_parser, run

__all__ = ["COMMANDS", "build_parser", "is_headless", "run"]

_LAZY = frozenset({"COMMANDS", "build_parser", "run"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from sg_desktop.cli import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
