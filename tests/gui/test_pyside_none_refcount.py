"""Guard against PySide6 6.12.0's fault on CPython 3.11: every void Qt call dropped a reference to None.

After enough calls `None`'s count reaches zero and the process aborts (`Fatal Python error: none_dealloc`).
pyproject.toml keeps PySide6-Essentials below 6.12 on Python < 3.12; this test fails if a release with
the fault comes back in.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_ten_thousand_void_qt_calls_leave_nones_refcount_alone(qapp: QApplication) -> None:
    label = QLabel()
    label.setText("warm up")
    before = sys.getrefcount(None)
    for i in range(10_000):
        label.setText("x" if i % 2 else "y")  # returns nothing: the path that lost a reference
    after = sys.getrefcount(None)
    # Other code may take references meanwhile; the fault showed as a fall of exactly one per call.
    assert after >= before - 10, f"None lost {before - after} references over 10,000 calls"
