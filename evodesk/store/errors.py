"""Typed errors of the chips store."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every store error; the message is meant for the operator (no password in it)."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or refused the operation (locked, down, read-only)."""


class ChipNotFound(StoreError):
    """No chip with that id."""


class DuplicateChip(StoreError):
    """A chip that is not cancelled already has this phone or instance name."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field  # "phone" or "instance_name"


class ChipConflict(StoreError):
    """Optimistic locking: someone else changed the chip since it was read; nothing was written."""

    def __init__(self, message: str, *, chip_id: int, expected_version: int, actual_version: int | None) -> None:
        super().__init__(message)
        self.chip_id = chip_id
        self.expected_version = expected_version
        self.actual_version = actual_version


class MigrationError(StoreError):
    """The schema could not be brought up to date (the SQLite backup is named in the message)."""
