"""What demo mode hands the window: the built-in simulator, seen only through what the window asks of it."""

from __future__ import annotations

from typing import Protocol


class ScanSimulator(Protocol):
    """The in-process simulator of ``evodesk --demo``: the QR dialog's "Simulate scan" button calls this."""

    def simulate_scan(self, name: str) -> object:
        """Link the instance ``name`` as if its QR code had been scanned by a phone."""
        ...
