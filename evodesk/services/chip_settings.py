"""Chip settings, proxy and profile: load them for a chip, save what changed, for one chip or many at once.

Qt-free and synchronous; call it from a worker. Every change writes an audit event (``chip_events``) naming the
chip, the operator and what changed; a proxy password is recorded only as "changed". Passwords the server
sends back in clear (``/proxy/find``) stay inside this module: the window gets :class:`ProxyView`, logs and
error texts are scrubbed, and every password met is registered with the log filter.

One chip: :meth:`ChipSettingsService.load`, then :meth:`~ChipSettingsService.save` with the fields the operator
changed. Many chips: :meth:`~ChipSettingsService.apply` with the same kind of edit (a few chips at a time,
progress, cancel, one result per chip; run it again with ``report.retry_ids``). Settings that a connected
instance reads only when its socket opens (``always_online``, ``sync_full_history``, a proxy) make the result
ask for a restart (``report.restart_ids``), which :meth:`~ChipSettingsService.restart` performs.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from evodesk.domain import Actor, Chip, ChipSettings, ConnectionState, ProxyConfig
from evodesk.evolution import EvolutionError, EvolutionRequestError, InstanceNotConnected
from evodesk.evolution.chip_settings import scrub_password
from evodesk.logs import redactor
from evodesk.services.actor import current_actor
from evodesk.services.batch_runner import BatchReport, ChipResult, Outcome, Progress, run_per_chip
from evodesk.services.chip_edits import (
    ChipEdit,
    ChipSettingsView,
    ProxyView,
    RestartReason,
    validate_edit,
    validate_proxy,
)
from evodesk.services.errors import ChipCancelled, NotConnectedForRestart, ServiceError
from evodesk.store.errors import StoreError

if TYPE_CHECKING:
    from evodesk.evolution import EvolutionClient
    from evodesk.store import Store

log = logging.getLogger("evodesk.services.chip_settings")

# Chips worked on at once by a batch: enough to hide the server's latency, few enough not to crowd it.
BATCH_WORKERS = 4
_LIVE = (ConnectionState.OPEN, ConnectionState.CONNECTING)
_SETTING_RESTARTS = {
    "always_online": RestartReason.ALWAYS_ONLINE,
    "sync_full_history": RestartReason.SYNC_FULL_HISTORY,
}
_SHOWN_TEXT = 60


class ProfileNeedsConnection(ServiceError):
    """A profile name or status can only be changed while the chip is connected; nothing was changed."""

    code = "profile.not_connected"


class ChipSettingsService:
    """Settings, proxy and profile of the chips of one server (one client), with the audit trail in ``store``."""

    def __init__(
        self, client: EvolutionClient, store: Store, *, actor: Actor | None = None, workers: int = BATCH_WORKERS
    ) -> None:
        self.client = client
        self.store = store
        self.actor = actor or current_actor()
        self.workers = workers

    # -- one chip ----------------------------------------------------------------------------------------

    def load(self, chip_id: int) -> ChipSettingsView:
        """The chip's current settings and proxy from its server (two requests), for the dialog."""
        chip = self._live_chip(chip_id)
        settings = self.client.find_settings(chip.instance_name) or ChipSettings()
        try:
            proxy = self.client.find_proxy(chip.instance_name)
        except EvolutionError as exc:
            raise self._scrubbed(exc) from None
        if proxy is not None:
            _remember(proxy.password)
        return ChipSettingsView(
            chip_id=chip.id,
            instance_name=chip.instance_name,
            version=chip.version,
            connection_state=chip.connection_state,
            settings=settings,
            proxy=ProxyView.of(proxy) if proxy is not None else None,
            profile_name=chip.profile_name,
        )

    def save(self, chip_id: int, edit: ChipEdit) -> ChipResult:
        """Apply ``edit`` to one chip, sending only what differs from its server's values.

        Bad input raises ``ValidationError`` before anything is sent; everything else ends in the result.
        """
        validate_edit(edit)
        _remember(edit.proxy.password)
        return self._apply_one(chip_id, edit)

    def picture_url(self, chip_id: int) -> str | None:
        """A fresh link to the chip's own profile picture (None without one, or while it is not connected).

        For :class:`~evodesk.services.avatars.AvatarQueue`: ``queue.run(lambda key: service.picture_url(int(key)))``
        with the chip id as the key. Raises what the client raises; the cache counts that as a failure.
        """
        chip = self._live_chip(chip_id)
        return self.client.profile_picture_url(chip.instance_name, chip.owner_jid or chip.phone).url

    # -- many chips --------------------------------------------------------------------------------------

    def apply(
        self,
        chip_ids: Sequence[int],
        edit: ChipEdit,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> BatchReport:
        """Apply ``edit`` to every chip; untouched fields keep each chip's own value. One result per chip."""
        validate_edit(edit)
        _remember(edit.proxy.password)
        return run_per_chip(
            chip_ids,
            lambda chip_id: self._apply_one(chip_id, edit),
            name_of=self._name_of,
            workers=self.workers,
            progress=progress,
            cancel=cancel,
        )

    def restart(
        self,
        chip_ids: Sequence[int],
        *,
        reasons: Iterable[RestartReason] = (),
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> BatchReport:
        """Restart the instances of these chips so they take the new settings; recorded with ``reasons``."""
        why = ", ".join(reason.value.replace("_", " ") for reason in dict.fromkeys(reasons))
        return run_per_chip(
            chip_ids,
            lambda chip_id: self._restart_one(chip_id, why),
            name_of=self._name_of,
            workers=self.workers,
            progress=progress,
            cancel=cancel,
        )

    # -- the work for one chip ---------------------------------------------------------------------------

    def _apply_one(self, chip_id: int, edit: ChipEdit) -> ChipResult:
        changes: list[str] = []
        reasons: list[RestartReason] = []
        secrets: list[str | None] = [edit.proxy.password]
        name = self._name_of(chip_id)
        try:
            chip = self._live_chip(chip_id)
            name = chip.instance_name
            if edit.touches_profile:
                # Checked first, so a chip that cannot take the whole edit takes none of it.
                state = self.client.connection_state(chip.instance_name)
                if state is not ConnectionState.OPEN:
                    raise ProfileNeedsConnection(
                        f"{chip.instance_name!r} is not connected ({state.value}): its profile cannot be changed",
                        instance_name=chip.instance_name,
                        state=state.value,
                    )
            if not edit.settings.is_empty:
                self._apply_settings(chip, edit, changes, reasons)
            if not edit.proxy.is_empty:
                self._apply_proxy(chip, edit, changes, reasons, secrets)
            if edit.profile_name is not None:
                chip = self._apply_profile_name(chip, edit.profile_name.strip(), changes)
            if edit.profile_status is not None:
                self._apply_profile_status(chip, edit.profile_status, changes)
        except (EvolutionError, ServiceError, StoreError) as exc:
            error = self._scrubbed(exc, *secrets)
            text = scrub_password(str(error), *secrets)
            log.warning("settings of %s not applied: %s: %s", name, type(error).__name__, text)
            return ChipResult(
                chip_id, name, Outcome.FAILED, tuple(changes), tuple(reasons), False, error=error, error_text=text
            )
        restart = bool(reasons) and chip.connection_state in _LIVE
        outcome = Outcome.APPLIED if changes else Outcome.UNCHANGED
        return ChipResult(chip_id, name, outcome, tuple(changes), tuple(reasons), restart)

    def _apply_settings(self, chip: Chip, edit: ChipEdit, changes: list[str], reasons: list[RestartReason]) -> None:
        current = self.client.find_settings(chip.instance_name) or ChipSettings()
        wanted = edit.settings.apply_to(current)
        differing = [
            item.name
            for item in dataclasses.fields(ChipSettings)
            if getattr(current, item.name) != getattr(wanted, item.name)
        ]
        if not differing:
            return
        self.client.set_settings(chip.instance_name, wanted)
        changes.extend(f"settings.{name}" for name in differing)
        reasons.extend(_SETTING_RESTARTS[name] for name in differing if name in _SETTING_RESTARTS)
        details = "; ".join(_describe(name, getattr(current, name), getattr(wanted, name)) for name in differing)
        self._audit(chip, "settings", details)

    def _apply_proxy(
        self,
        chip: Chip,
        edit: ChipEdit,
        changes: list[str],
        reasons: list[RestartReason],
        secrets: list[str | None],
    ) -> None:
        current = self.client.find_proxy(chip.instance_name)
        if current is not None:
            secrets.append(current.password)
            _remember(current.password)
        wanted = edit.proxy.apply_to(current)
        validate_proxy(wanted)
        differing = _proxy_differences(current, wanted)
        if not differing:
            return
        self.client.set_proxy(
            chip.instance_name, wanted or ProxyConfig(enabled=False, host="", port=None, protocol="http")
        )
        changes.extend(f"proxy.{name}" for name in differing)
        reasons.append(RestartReason.PROXY)
        self._audit(chip, "proxy", "; ".join(_describe_proxy(name, current, wanted) for name in differing))

    def _apply_profile_name(self, chip: Chip, text: str, changes: list[str]) -> Chip:
        if text == (chip.profile_name or ""):
            return chip
        self.client.update_profile_name(chip.instance_name, text)
        changes.append("profile.name")
        return self.store.update_chip(
            chip.id,
            expected_version=None,
            actor=self.actor,
            action="profile_name",
            details=_describe("profile_name", chip.profile_name or "", text),
            profile_name=text,
        )

    def _apply_profile_status(self, chip: Chip, text: str, changes: list[str]) -> None:
        # WhatsApp does not say what the status was, so it is always sent.
        self.client.update_profile_status(chip.instance_name, text)
        changes.append("profile.status")
        self._audit(chip, "profile_status", f"profile_status set to {_quoted(text)}")

    def _restart_one(self, chip_id: int, why: str) -> ChipResult:
        name = self._name_of(chip_id)
        try:
            chip = self._live_chip(chip_id)
            name = chip.instance_name
            try:
                self.client.restart(chip.instance_name)
            except (EvolutionRequestError, InstanceNotConnected) as exc:
                raise NotConnectedForRestart(
                    f"{chip.instance_name!r} cannot be restarted: it is not connected ({exc.server_message})",
                    instance_name=chip.instance_name,
                ) from exc
            self._audit(chip, "restart", f"to apply: {why}" if why else None)
        except (EvolutionError, ServiceError, StoreError) as exc:
            log.warning("restart of %s failed: %s", name, exc)
            return ChipResult(chip_id, name, Outcome.FAILED, error=exc, error_text=str(exc))
        return ChipResult(chip_id, name, Outcome.APPLIED, ("restart",))

    # -- helpers -----------------------------------------------------------------------------------------

    def _live_chip(self, chip_id: int) -> Chip:
        chip = self.store.get_chip(chip_id)
        if chip.is_cancelled:
            raise ChipCancelled(f"chip {chip.instance_name!r} was deleted", instance_name=chip.instance_name)
        return chip

    def _name_of(self, chip_id: int) -> str:
        try:
            return self.store.get_chip(chip_id).instance_name
        except StoreError:
            return f"#{chip_id}"

    def _audit(self, chip: Chip, action: str, details: str | None) -> None:
        self.store.record_event(
            chip_id=chip.id,
            actor=self.actor,
            action=action,
            status_before=chip.status,
            status_after=chip.status,
            details=details,
        )

    @staticmethod
    def _scrubbed(error: Exception, *secrets: str | None) -> Exception:
        """``error`` with its texts cleaned of proxy passwords (it goes to the window and the log)."""
        message = getattr(error, "message", None)
        if isinstance(message, str):
            error.message = scrub_password(message, *secrets)  # type: ignore[attr-defined]
            error.args = (error.message,)  # type: ignore[attr-defined]
        said = getattr(error, "server_message", None)
        if isinstance(said, str):
            error.server_message = scrub_password(said, *secrets)  # type: ignore[attr-defined]
        return error


def _remember(password: str | None) -> None:
    # Whatever else might print it (a driver's debug line, a traceback), the log file will not hold it.
    if password:
        redactor().add_secret(password)


def _proxy_differences(current: ProxyConfig | None, wanted: ProxyConfig | None) -> list[str]:
    if current is None and wanted is None:
        return []
    before = current or ProxyConfig(enabled=False, host="", port=None)
    after = wanted or ProxyConfig(enabled=False, host="", port=None)
    names = ("enabled", "host", "port", "protocol", "username", "password")
    differing = [name for name in names if getattr(before, name) != getattr(after, name)]
    if differing == ["protocol"] and not after.enabled and not after.host:
        return []
    return differing


def _describe(name: str, before: object, after: object) -> str:
    return f"{name}: {_shown(before)} → {_shown(after)}"


def _describe_proxy(name: str, current: ProxyConfig | None, wanted: ProxyConfig | None) -> str:
    if name == "password":
        # Never the value, in either direction.
        if wanted is None or not wanted.password:
            return "password removed"
        return "password changed" if current is not None and current.password else "password set"
    before = getattr(current, name) if current is not None else None
    after = getattr(wanted, name) if wanted is not None else None
    return _describe(name, before, after)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None or value == "":
        return "(none)"
    if isinstance(value, str):
        return _quoted(value)
    return str(value)


def _quoted(text: str) -> str:
    return '"' + (text if len(text) <= _SHOWN_TEXT else text[: _SHOWN_TEXT - 1] + "…") + '"'
