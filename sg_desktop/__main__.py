"""Allow `python -m sg_desktop`."""

from sg_desktop.main import main

raise SystemExit(main())
