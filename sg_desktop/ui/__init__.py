"""The desktop application (PySide6): the only layer that imports Qt.

Importing this package imports no Qt module; `sg_desktop.ui.application.run_gui` does, so the command
line never pays for Qt and the GUI starts quickly.
"""

__all__: list[str] = []
