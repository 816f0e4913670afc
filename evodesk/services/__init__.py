"""Use-cases of evodesk, free of Qt: ``InstanceManager``, ``LiveFleet`` and the validation of operator input."""

from evodesk.services.errors import (
    ChipCancelled,
    DuplicateChipError,
    InvalidInstanceName,
    InvalidPhone,
    NameTakenOnServer,
    NotConnectedForRestart,
    OrphanedInstance,
    ServiceError,
    ValidationError,
)
from evodesk.services.live import LIVE_POLL_INTERVAL, DriftNotice, LiveFleet, merge_subscription
from evodesk.services.manager import InstanceManager, current_actor
from evodesk.services.qr import QrPolicy
from evodesk.services.validation import (
    default_instance_name,
    format_phone,
    normalise_phone,
    validate_instance_name,
)

__all__ = [
    "LIVE_POLL_INTERVAL",
    "ChipCancelled",
    "DriftNotice",
    "DuplicateChipError",
    "InstanceManager",
    "InvalidInstanceName",
    "InvalidPhone",
    "LiveFleet",
    "NameTakenOnServer",
    "NotConnectedForRestart",
    "OrphanedInstance",
    "QrPolicy",
    "ServiceError",
    "ValidationError",
    "current_actor",
    "default_instance_name",
    "format_phone",
    "merge_subscription",
    "normalise_phone",
    "validate_instance_name",
]
