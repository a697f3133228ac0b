"""What every room of the desktop application shares: the widget kit, the dialog that works off the GUI
thread, the theme and its drawn icons, how values read on screen, the council chooser, the clipboard for
secrets, and the one calm message for a failure nobody expected."""

__all__: list[str] = []
