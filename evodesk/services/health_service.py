"""The health front door of one store: the fleet's health, one chip's timeline, the flapping notifier, the CSV.

Kept apart from :mod:`evodesk.services.health`, which holds the computations it calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from evodesk.domain import Chip
from evodesk.services.health import (
    FlapStarted,
    FlapWatch,
    FleetHealth,
    HealthPolicy,
    Timeline,
    chip_timeline,
    fleet_health,
    health_csv_rows,
    write_health_csv,
)

if TYPE_CHECKING:
    # Only types here: the store's module would load SQLAlchemy with the window.
    from evodesk.store import Store


class HealthService:
    """Health of the chips of one store, for the front door the window talks to.

    Every method reads the database: call them on the database worker (the window's task runner), never on the
    window's thread. ``flaps`` is the notifier the tray listens to: :meth:`fleet` feeds it each result.
    """

    def __init__(self, store: Store, policy: HealthPolicy | None = None) -> None:
        self.store = store
        self.policy = policy or HealthPolicy()
        self.flaps = FlapWatch(self.policy)

    def fleet(self, now: datetime | None = None) -> FleetHealth:
        """:func:`fleet_health` with this service's policy (the notifier is fed by :meth:`notify`)."""
        return fleet_health(self.store, now, self.policy)

    def notify(self, fleet: FleetHealth) -> list[FlapStarted]:
        """Tell the listeners of ``flaps`` which chips started flapping (call it on the thread they expect)."""
        return self.flaps.update(fleet)

    def timeline(self, chip_id: int, now: datetime | None = None) -> Timeline:
        """:func:`chip_timeline`: the last 7 days of one chip."""
        return chip_timeline(self.store, chip_id, now)

    def export_csv(
        self,
        path: str | Path,
        header: Sequence[str],
        chips: Iterable[Chip],
        fleet: FleetHealth,
        reason_label: Callable[[int | None], str],
    ) -> int:
        """Write the health table of ``chips`` to ``path`` (see :func:`health_csv_rows`); return the row count."""
        return write_health_csv(path, header, health_csv_rows(chips, fleet, reason_label=reason_label))
