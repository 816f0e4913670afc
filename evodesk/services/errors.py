"""Errors raised by the services, each with a stable ``code`` the window translates.

The English ``str()`` is for logs and tests; the window shows its own translated text chosen by ``code`` and
filled with ``params``, so the operator reads the message in their language.
"""

from __future__ import annotations


class ServiceError(Exception):
    """Base of the services' own errors."""

    code = "error"

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class ValidationError(ServiceError):
    """Bad input from the operator; nothing was changed anywhere."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.code = code


class InvalidPhone(ValidationError):
    """The phone number cannot be used."""


class InvalidInstanceName(ValidationError):
    """The instance name cannot be used."""


class DuplicateChipError(ServiceError):
    """A chip that is not cancelled already uses this phone or instance name (checked before the server)."""

    def __init__(self, message: str, *, field: str, value: str, chip_id: int | None = None) -> None:
        super().__init__(message, field=field, value=value, chip_id=chip_id)
        self.code = f"duplicate.{field}"
        self.field = field
        self.value = value
        self.chip_id = chip_id


class NameTakenOnServer(ServiceError):
    """The server already has an instance with this name (possibly one still being deleted)."""

    code = "duplicate.server"


class OrphanedInstance(ServiceError):
    """The server created the instance but the database could not record it.

    ``removed`` says whether the instance was removed again; when it was not, the next sync reports it as an
    unknown instance so it can be adopted.
    """

    def __init__(self, message: str, *, instance_name: str, removed: bool) -> None:
        super().__init__(message, instance_name=instance_name, removed=removed)
        self.code = "orphan.removed" if removed else "orphan.left"
        self.instance_name = instance_name
        self.removed = removed


class ChipCancelled(ServiceError):
    """The chip was deleted (cancelled); it can no longer be acted on."""

    code = "chip.cancelled"


class NotConnectedForRestart(ServiceError):
    """Restart needs a live session; the server answered that the instance is closed or not loaded."""

    code = "restart.not_connected"


class ActionNotRecorded(ServiceError):
    """The server carried out an action but the database could not record it: the chip's row is behind.

    ``action`` is ``disconnect``, ``restart`` or ``delete``. The next refresh brings the connection fields up to
    date; a deleted instance then shows as a chip without an instance, which the drift view can mark cancelled.
    """

    code = "action.not_recorded"

    def __init__(self, message: str, *, action: str, instance_name: str) -> None:
        super().__init__(message, action=action, instance_name=instance_name)
        self.action = action
        self.instance_name = instance_name
