"""Use-cases of evodesk, free of Qt: ``InstanceManager``, ``LiveFleet``, chip settings, and the validation of
operator input.

This package is the window's one front door: ``evodesk.ui`` imports from here (and from ``evodesk.domain`` and
``evodesk.config``), never from ``evodesk.evolution`` or ``evodesk.store``. The errors of those layers that the
window describes to the operator are re-exported here for that reason.
"""

from evodesk.evolution.errors import (
    AnswerTooLarge,
    EvolutionAuthError,
    EvolutionError,
    EvolutionRequestError,
    EvolutionUnavailable,
    InstanceNameTaken,
    InstanceNotConnected,
    InstanceNotFound,
    ProxyRejected,
    ServerTooSlow,
)
from evodesk.services.actor import current_actor
from evodesk.services.audit import AUDIT_LIMIT, AuditFilter, AuditPage, AuditRow, chip_matches
from evodesk.services.avatars import AvatarCache, AvatarQueue
from evodesk.services.batch import BatchCheck, BatchEntry, BatchProblem
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
from evodesk.services.connection import check_server, mask_url
from evodesk.services.errors import (
    ActionNotRecorded,
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
from evodesk.services.manager import DatabaseInfo, InstanceManager
from evodesk.services.qr import QrPolicy
from evodesk.services.validation import (
    default_instance_name,
    format_phone,
    normalise_phone,
    validate_instance_name,
)
from evodesk.store.errors import ChipConflict, ChipNotFound, DuplicateChip, StoreError, StoreUnavailable

__all__ = [
    "AUDIT_LIMIT",
    "LIVE_POLL_INTERVAL",
    "ActionNotRecorded",
    "AnswerTooLarge",
    "AuditFilter",
    "AuditPage",
    "AuditRow",
    "AvatarCache",
    "AvatarQueue",
    "BatchCheck",
    "BatchEntry",
    "BatchProblem",
    "BatchReport",
    "ChipCancelled",
    "ChipConflict",
    "ChipEdit",
    "ChipNotFound",
    "ChipResult",
    "ChipSettingsService",
    "ChipSettingsView",
    "DatabaseInfo",
    "DriftNotice",
    "DuplicateChip",
    "DuplicateChipError",
    "EvolutionAuthError",
    "EvolutionError",
    "EvolutionRequestError",
    "EvolutionUnavailable",
    "InstanceManager",
    "InstanceNameTaken",
    "InstanceNotConnected",
    "InstanceNotFound",
    "InvalidInstanceName",
    "InvalidPhone",
    "LiveFleet",
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
    "ServerTooSlow",
    "ServiceError",
    "SettingsEdit",
    "StoreError",
    "StoreUnavailable",
    "ValidationError",
    "check_server",
    "chip_matches",
    "current_actor",
    "default_instance_name",
    "format_phone",
    "mask_url",
    "merge_subscription",
    "normalise_phone",
    "validate_instance_name",
]
