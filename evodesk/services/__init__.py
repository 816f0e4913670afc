"""Use-cases of evodesk, free of Qt: ``InstanceManager``, chip settings, and the validation of operator input."""

from evodesk.evolution.errors import ProxyRejected
from evodesk.services.avatars import AvatarCache, AvatarQueue
from evodesk.services.batch_runner import BatchReport, ChipResult, Outcome
from evodesk.services.chip_edits import (
    ChipEdit,
    ChipSettingsView,
    ProxyEdit,
    ProxyView,
    RestartReason,
    SettingsEdit,
)
from evodesk.services.chip_settings import ChipSettingsService, ProfileNeedsConnection
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
from evodesk.services.manager import InstanceManager, current_actor
from evodesk.services.qr import QrPolicy
from evodesk.services.validation import (
    default_instance_name,
    format_phone,
    normalise_phone,
    validate_instance_name,
)

__all__ = [
    "AvatarCache",
    "AvatarQueue",
    "BatchReport",
    "ChipCancelled",
    "ChipEdit",
    "ChipResult",
    "ChipSettingsService",
    "ChipSettingsView",
    "DuplicateChipError",
    "InstanceManager",
    "InvalidInstanceName",
    "InvalidPhone",
    "NameTakenOnServer",
    "NotConnectedForRestart",
    "OrphanedInstance",
    "Outcome",
    "ProfileNeedsConnection",
    "ProxyEdit",
    "ProxyRejected",
    "ProxyView",
    "QrPolicy",
    "RestartReason",
    "ServiceError",
    "SettingsEdit",
    "ValidationError",
    "current_actor",
    "default_instance_name",
    "format_phone",
    "normalise_phone",
    "validate_instance_name",
]
