"""A small on-disk journal of creates in progress, so a crash between "server created" and "database recorded"
is repaired on the next start instead of leaving an instance nobody knows about.

An entry is written before the server is asked to create the instance and removed once the chip is recorded
(or the instance removed again). Entries left behind name instances to adopt or to clean up.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class PendingCreate:
    """A create that was started and not known to have finished."""

    instance_name: str
    phone: str
    started_at: str


class CreateJournal:
    """JSON file of pending creates; writes are atomic and serialised."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def begin(self, instance_name: str, phone: str) -> None:
        """Record that the server is about to create ``instance_name`` for ``phone``."""
        with self._lock:
            entries = [e for e in self._read() if e.instance_name != instance_name]
            entries.append(PendingCreate(instance_name, phone, datetime.now(UTC).isoformat()))
            self._write(entries)

    def finish(self, instance_name: str) -> None:
        """The create ended one way or the other (recorded, refused, or removed again)."""
        with self._lock:
            entries = self._read()
            kept = [e for e in entries if e.instance_name != instance_name]
            if len(kept) != len(entries):
                self._write(kept)

    def pending(self) -> list[PendingCreate]:
        """Creates that did not finish."""
        with self._lock:
            return self._read()

    def _read(self) -> list[PendingCreate]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError):
            # A torn or foreign file must not stop the app from starting; its entries are lost, and the drift
            # view still shows any unknown instance.
            return []
        entries: list[PendingCreate] = []
        if isinstance(raw, list):
            for item in raw:
                if (
                    isinstance(item, dict)
                    and isinstance(item.get("instance_name"), str)
                    and isinstance(item.get("phone"), str)
                ):
                    entries.append(PendingCreate(item["instance_name"], item["phone"], str(item.get("started_at", ""))))
        return entries

    def _write(self, entries: list[PendingCreate]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump([asdict(e) for e in entries], handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)
