"""``LiveFleet``: the server's pushed events turned into what the window shows, with REST as the source of truth.

An event is a trigger, never the record: ``connection.update``, ``status.instance`` and ``logout.instance`` make
``LiveFleet`` ask the server (``connectionState``, then the instance's ``fetchInstances`` row) and record that
answer, exactly as a poll would. Only ``qrcode.updated`` is used as it comes (the QR is the server's own payload).

Threads: the stream calls in on its own threads; every REST call and database write runs on ``LiveFleet``'s one
worker thread, checks of the same chip coalesced, so an event burst (logout sends three) costs one check. The
listeners are called on that worker thread: a Qt window re-emits them as signals.

Listeners (``listen``):

* ``on_dialog(chip_id, PollResult)`` — what the chip's open QR dialog shows now: a new QR, connected, refused;
* ``on_chip(Chip)`` — a chip's row changed in the store;
* ``on_drop(Chip)`` — a connected chip dropped: once per drop, and never for the operator's own action;
* ``on_drift(DriftNotice)`` — an instance appeared on or vanished from the server without evodesk;
* ``on_sync(SyncReport)`` — the fleet refresh run after every (re)connect, since nothing missed is replayed;
* ``on_status(LiveStatus)`` — live, or polling and why.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from evodesk.domain import (
    Chip,
    ConnectionState,
    EventKind,
    InstanceEvent,
    LiveMode,
    LiveReason,
    LiveStatus,
    PollResult,
    QrDialogState,
)
from evodesk.evolution.errors import EvolutionError, InstanceNotFound
from evodesk.services.errors import ChipCancelled
from evodesk.services.qr import HINT_QR_LIMIT
from evodesk.store.errors import StoreError

if TYPE_CHECKING:
    from evodesk.evolution.events import EventStream
    from evodesk.services.manager import InstanceManager

log = logging.getLogger("evodesk.services.live")

# While the stream hears a chip, its QR dialog polls this often instead of the policy's 3 s: the events bring
# the news, the poll only guards against a lost one.
LIVE_POLL_INTERVAL = 10.0
# How long after the operator's own disconnect, delete or restart a close is theirs, not a drop.
OPERATOR_QUIET = 30.0
_CONNECTION_KINDS = (EventKind.CONNECTION_UPDATE, EventKind.STATUS_INSTANCE, EventKind.LOGOUT_INSTANCE)
_OPERATOR_ACTIONS = ("disconnect", "delete", "restart", "reconnect")


@dataclass(frozen=True, slots=True)
class DriftNotice:
    """An instance the server created or removed without this evodesk: ``kind`` is the event, ``chip`` ours if any."""

    kind: EventKind
    instance_name: str
    chip: Chip | None = None


class LiveFleet:
    """Consumes one server's :class:`~evodesk.evolution.EventStream` for one :class:`InstanceManager`.

    ``stream`` may be given (tests, a shared one); otherwise :meth:`start` builds one for the manager's client
    URL with ``api_key``/``verify``/``mode``. ``enabled=False`` (the ``live_events`` setting, ``--no-live``)
    never opens a socket and reports polling with the reason ``TURNED_OFF``. ``subscribe`` merges the
    instance subscriptions (``/websocket/find`` then ``/websocket/set``) in per-instance mode.
    """

    def __init__(
        self,
        manager: InstanceManager,
        *,
        api_key: str | None = None,
        verify: bool | str = True,
        mode: str = "auto",
        enabled: bool = True,
        stream: EventStream | None = None,
        stream_factory: Callable[..., EventStream] | None = None,
        subscribe: bool = True,
        operator_quiet: float = OPERATOR_QUIET,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.manager = manager
        self.enabled = enabled
        self._api_key = api_key
        self._verify = verify
        self._mode = mode
        self._stream = stream
        self._stream_factory = stream_factory
        self._subscribe = subscribe
        self._quiet = operator_quiet
        self._clock = clock
        self._listeners: dict[str, list[Callable[..., None]]] = {
            name: [] for name in ("on_dialog", "on_chip", "on_drop", "on_drift", "on_sync", "on_status")
        }
        self._cond = threading.Condition()
        # instance name -> whether an event said the QR limit was reached ("refused")
        self._checks: dict[str, bool] = {}
        self._qrs: dict[str, InstanceEvent] = {}
        self._drifts: list[InstanceEvent] = []
        self._resync = False
        self._to_subscribe: list[str] = []
        self._subscribed: set[str] = set()
        self._operator: dict[str, float] = {}
        self._created_here: dict[str, float] = {}
        self._names: dict[str, int] = {}
        # Instances created or reconnected here since the last chip list was read: a list read before their
        # create finished must not drop them from the watch.
        self._announced: set[str] = set()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._resync_names = False
        self._busy = False
        self._status = (
            LiveStatus(LiveMode.POLLING, LiveReason.TURNED_OFF) if not enabled else LiveStatus(LiveMode.CONNECTING)
        )
        self.checks_done = 0

    # -- public ----------------------------------------------------------------------------------------------

    def listen(self, **callbacks: Callable[..., None]) -> None:
        """Add listeners by name (see the module docstring): ``listen(on_drop=..., on_dialog=...)``."""
        for name, callback in callbacks.items():
            if name not in self._listeners:
                raise TypeError(f"unknown listener {name!r}")
            self._listeners[name].append(callback)

    @property
    def status(self) -> LiveStatus:
        """Live, or polling and why."""
        return self._status

    @property
    def stream(self) -> EventStream | None:
        """The event stream (None while turned off or not started)."""
        return self._stream

    def start(self) -> None:
        """Start listening (a no-op when turned off). Returns at once, touching neither network nor database: the
        chips are read, the stream built (TLS context included) and the probe made on ``LiveFleet``'s threads."""
        if not self.enabled:
            self._emit("on_status", self._status)
            return
        if self._stream is None and self._api_key is None:
            raise ValueError("LiveFleet needs the API key to open the event stream")
        self.manager.action_listeners.append(self._on_action)
        with self._cond:
            self._stopping = False
            self._thread = threading.Thread(target=self._work, args=(True,), name="evodesk-live", daemon=True)
            self._thread.start()

    def _open_stream(self) -> None:
        if self._stream is None:
            factory = self._stream_factory
            if factory is None:
                from evodesk.evolution.events import EventStream

                factory = EventStream
            assert self._api_key is not None
            self._stream = factory(
                self.manager.client.base_url,
                self._api_key,
                verify=self._verify,
                mode=self._mode,
                on_event=self._on_event,
                on_status=self._on_status,
                on_resync=self._on_resync,
            )
        else:
            self._stream.set_callbacks(on_event=self._on_event, on_status=self._on_status, on_resync=self._on_resync)
        self._refresh_names()
        with self._cond:
            stopping = self._stopping
        if not stopping:
            self._stream.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the stream and the worker; the window polls as before."""
        if self._on_action in self.manager.action_listeners:
            self.manager.action_listeners.remove(self._on_action)
        self.manager.websocket_events = ()
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            thread, self._thread = self._thread, None
        if self._stream is not None:
            self._stream.stop(timeout)
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def hears(self, instance_name: str) -> bool:
        """True while this chip's events arrive (global mode, or its namespace joined)."""
        return self._stream is not None and self.enabled and self._stream.hears(instance_name)

    def qr_poll_interval(self, instance_name: str) -> float:
        """How often the chip's QR dialog should poll: 10 s while its events arrive, else the policy's 3 s."""
        return LIVE_POLL_INTERVAL if self.hears(instance_name) else self.manager.policy.poll_interval

    def settled(self) -> bool:
        """True when no event is waiting to be handled and the worker is idle (tests, benchmarks)."""
        with self._cond:
            return not (self._busy or self._resync or self._qrs or self._checks or self._drifts or self._resync_names)

    def watch_chips(self) -> None:
        """Re-read the chips (after a create, an adopt, a delete) and follow exactly those instances."""
        with self._cond:
            self._resync_names = True
            self._cond.notify_all()

    # -- from the stream (its threads): queue, coalesce, return at once ---------------------------------------

    def _on_event(self, event: InstanceEvent) -> None:
        with self._cond:
            if event.kind is EventKind.QRCODE_UPDATED and not event.qr_limit_reached:
                self._qrs[event.instance] = event
            elif event.kind is EventKind.CONNECTION_UPDATE and event.state is ConnectionState.CONNECTING:
                # Baileys sends one for every socket it opens: about two a second while WhatsApp cannot be
                # reached (measured on 2.3.7). The row changes little, the dialog gets its QR from
                # qrcode.updated: no check, or a chip stuck reconnecting would cost two requests each time.
                pass
            elif event.kind in _CONNECTION_KINDS or event.qr_limit_reached:
                refused = event.qr_limit_reached or event.state is ConnectionState.REFUSED
                self._checks[event.instance] = self._checks.get(event.instance, False) or refused
            else:
                self._drifts.append(event)
            self._cond.notify_all()

    def _on_status(self, status: LiveStatus) -> None:
        self._status = status
        per_instance = status.live and not status.global_events
        # New chips subscribe in their create call only while the server pushes to instance namespaces.
        if per_instance:
            from evodesk.evolution.events import SUBSCRIBED_EVENTS

            self.manager.websocket_events = SUBSCRIBED_EVENTS
        else:
            self.manager.websocket_events = ()
        if status.live and status.global_events:
            with self._cond:
                self._to_subscribe.clear()
        self._emit("on_status", status)

    def _on_resync(self) -> None:
        with self._cond:
            self._resync = True
            self._cond.notify_all()

    def _on_action(self, action: str, instance_name: str) -> None:
        with self._cond:
            if action in _OPERATOR_ACTIONS:
                self._operator[instance_name] = self._clock() + self._quiet
            elif action == "create":
                # Its instance.create can arrive before the chip is in the store: it is ours, not drift.
                self._created_here[instance_name] = self._clock() + self._quiet
        if action in ("create", "reconnect", "qr_shown"):
            with self._cond:
                self._announced.add(instance_name)
            self._watch_now()
            if self._stream is not None:
                # Its namespace exists once the server has emitted there: try now rather than after the back-off.
                self._stream.nudge(instance_name)
        elif action == "delete":
            with self._cond:
                self._announced.discard(instance_name)

    def _watch_now(self) -> None:
        with self._cond:
            names = {*self._names, *self._announced}
        if self._stream is not None:
            self._stream.watch(names)

    # -- the worker thread -------------------------------------------------------------------------------------

    def _work(self, opening: bool = False) -> None:
        if opening:
            try:
                self._open_stream()
            except Exception as exc:  # a bad CA bundle, a bad URL: polling goes on, and the status says why
                log.warning("event stream not started: %s", exc)
                reason = LiveReason.TLS_FAILED if isinstance(exc, EvolutionError) else LiveReason.UNREACHABLE
                self._on_status(LiveStatus(LiveMode.POLLING, reason, detail=str(exc)))
                return
        while True:
            with self._cond:
                while not (
                    self._stopping
                    or self._resync
                    or self._qrs
                    or self._checks
                    or self._drifts
                    or self._resync_names
                    or self._to_subscribe
                ):
                    self._cond.wait()
                if self._stopping:
                    return
                resync, self._resync = self._resync, False
                names_changed, self._resync_names = self._resync_names, False
                qrs, self._qrs = self._qrs, {}
                checks, self._checks = self._checks, {}
                drifts, self._drifts = self._drifts, []
                subscribe = self._to_subscribe.pop(0) if self._to_subscribe and not (qrs or checks) else None
                self._busy = True
            try:
                if names_changed:
                    self._refresh_names()
                for event in qrs.values():
                    self._show_qr(event)
                for name, refused in checks.items():
                    self._check(name, refused=refused)
                for event in drifts:
                    self._drift(event)
                if resync:
                    self._resync_fleet()
                if subscribe is not None:
                    self._ensure_subscription(subscribe)
            except Exception:  # one failed step must not end live updates; the next event or poll retries
                log.exception("live update failed")
            finally:
                with self._cond:
                    self._busy = False

    def _refresh_names(self) -> None:
        try:
            chips = self.manager.store.list_chips(include_cancelled=False)
        except StoreError as exc:
            log.info("chips not read for live events: %s", exc)
            return
        with self._cond:
            self._names = {chip.instance_name: chip.id for chip in chips}
            self._announced -= set(self._names)
        self._watch_now()
        if self._subscribe:
            with self._cond:
                self._to_subscribe = [name for name in self._names if name not in self._subscribed]
                self._cond.notify_all()

    def _chip_id(self, instance_name: str) -> int | None:
        chip_id = self._names.get(instance_name)
        if chip_id is None:
            try:
                chip = self.manager.store.find_chip(instance_name=instance_name)
            except StoreError:
                return None
            if chip is None:
                return None
            self._names[instance_name] = chip.id
            chip_id = chip.id
        return chip_id

    def _show_qr(self, event: InstanceEvent) -> None:
        chip_id = self._chip_id(event.instance)
        if chip_id is None or event.qr is None or not self.manager.sessions.active(chip_id):
            return
        qr = event.qr
        if qr.count == 0 and qr.has_payload:
            # The event carries no count (evolution-api.md §6.2), and the session reads a count below the one
            # reached as the server's attempt having ended. Each QRCODE_UPDATED is one rotation, the one after
            # the QR held; the next connect poll brings the server's own count, and the attempt never goes back.
            session = self.manager.sessions.get(chip_id)
            held = session.qr.code if session.qr is not None else None
            qr = replace(qr, count=session.last_count + (1 if qr.code != held else 0))
        result = self.manager.sessions.on_qr(chip_id, qr)
        self._emit("on_dialog", chip_id, result)

    def _check(self, instance_name: str, *, refused: bool) -> None:
        chip_id = self._chip_id(instance_name)
        if chip_id is None:
            return
        self.checks_done += 1
        dialog = self.manager.sessions.active(chip_id)
        try:
            before, after = self.manager.refresh_chip(chip_id)
        except ChipCancelled:
            self._names.pop(instance_name, None)
            return
        except InstanceNotFound:
            return  # gone from the server: remove.instance brings the drift
        except EvolutionError as exc:
            log.info("live check of %s failed: %s", instance_name, exc)
            return
        if after.version != before.version:
            self._emit("on_chip", after)
        if dialog:
            if after.connection_state is ConnectionState.OPEN:
                self._emit("on_dialog", chip_id, PollResult(QrDialogState.CONNECTED, chip=after))
            elif refused:
                # Only events say "refused" (the QR limit); REST already says close.
                self.manager.sessions.on_state(chip_id, ConnectionState.REFUSED)
                self._emit("on_dialog", chip_id, PollResult(QrDialogState.REFUSED, message=HINT_QR_LIMIT))
            elif after.connection_state is ConnectionState.CLOSE:
                result = self.manager.sessions.on_state(chip_id, ConnectionState.CLOSE)
                if result is not None:
                    self._emit("on_dialog", chip_id, result)
        self._maybe_drop(before, after)

    def _maybe_drop(self, before: Chip, after: Chip) -> None:
        # Only a close the server states is a drop: "unknown" (an instance the server has not loaded) is not.
        if before.connection_state is not ConnectionState.OPEN or after.connection_state not in (
            ConnectionState.CLOSE,
            ConnectionState.REFUSED,
        ):
            return
        if after.is_cancelled:
            return
        with self._cond:
            quiet_until = self._operator.get(after.instance_name)
        if quiet_until is not None and self._clock() < quiet_until:
            return
        self._emit("on_drop", after)

    def _drift(self, event: InstanceEvent) -> None:
        if event.kind is EventKind.INSTANCE_CREATE:
            with self._cond:
                ours = event.instance in self._created_here or event.instance in self._names
            if ours or self._chip_id(event.instance) is not None:
                return
            self._emit("on_drift", DriftNotice(event.kind, event.instance))
            return
        if event.kind not in (EventKind.REMOVE_INSTANCE, EventKind.INSTANCE_DELETE):
            return
        chip_id = self._chip_id(event.instance)
        if chip_id is None:
            return
        with self._cond:
            quiet_until = self._operator.get(event.instance)
        if quiet_until is not None and self._clock() < quiet_until:
            return  # the operator's own delete
        try:
            chip = self.manager.store.get_chip(chip_id)
        except StoreError:
            return
        if chip.is_cancelled:
            return
        self._emit("on_drift", DriftNotice(event.kind, event.instance, chip))

    def _resync_fleet(self) -> None:
        try:
            report = self.manager.sync()
        except EvolutionError as exc:
            log.info("resync after connecting to the event stream failed: %s", exc)
            return
        with self._cond:
            self._names = {chip.instance_name: chip.id for chip in report.chips if not chip.is_cancelled}
            self._announced -= set(self._names)
        self._watch_now()
        self._emit("on_sync", report)
        for chip in report.dropped:
            with self._cond:
                quiet_until = self._operator.get(chip.instance_name)
            if quiet_until is None or self._clock() >= quiet_until:
                self._emit("on_drop", chip)
        if self._subscribe:
            with self._cond:
                self._to_subscribe = [name for name in self._names if name not in self._subscribed]
                self._cond.notify_all()

    def _ensure_subscription(self, instance_name: str) -> None:
        stream = self._stream
        if stream is None or stream.global_events or not self._status.live:
            return
        from evodesk.evolution.events import SUBSCRIBED_EVENTS

        try:
            merge_subscription(self.manager.client, instance_name, SUBSCRIBED_EVENTS)
        except EvolutionError as exc:
            log.info("Socket.IO subscription of %s not merged: %s", instance_name, exc)
            return
        self._subscribed.add(instance_name)
        stream.nudge(instance_name)

    def _emit(self, name: str, *args: Any) -> None:
        for callback in list(self._listeners[name]):
            try:
                callback(*args)
            except Exception:  # a listener's defect must not stop live updates
                log.exception("live listener %s failed", name)


def merge_subscription(client: Any, instance_name: str, events: tuple[str, ...]) -> bool:
    """Make ``instance_name`` send ``events`` on its namespace, keeping what it already sends (another tool's).

    ``/websocket/set`` replaces the stored subscription, so it is read first. Returns True when a set was needed.
    """
    current = client.find_websocket(instance_name)
    have = tuple(current.events) if current is not None and current.enabled else ()
    if all(event in have for event in events):
        return False
    client.set_websocket(instance_name, enabled=True, events=(*have, *[e for e in events if e not in have]))
    return True


__all__ = ["LIVE_POLL_INTERVAL", "DriftNotice", "LiveFleet", "merge_subscription"]
