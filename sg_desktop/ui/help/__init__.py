"""Help inside the application: the user guide in a window of its own (contents, search, offline), and F1 in
every dialog opening it at that dialog's section.

`sections` is what a dialog needs (`offer_help(dialog, "backups", hint)`; `set_help_section(page, …)` for a
page of it), and stays light so that no dialog waits for the help window's imports. `help_window` is the
window, `guide_browser` draws the guide in it, `guide_text` reads the guide's headings and their anchors, and
`guide_file` says where the guide is.
"""

__all__: list[str] = []
