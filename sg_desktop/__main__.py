"""Allow `python -m sg_desktop`."""

from sg_desktop.cli import main

raise SystemExit(main())
