"""Run one piece of work per chip over many chips: a few at a time, cancellable, with progress and per-chip results.

Qt-free: the window calls :func:`run_per_chip` on a worker and forwards ``progress`` to the GUI thread itself.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from evodesk.services.chip_edits import RestartReason


class Outcome(enum.StrEnum):
    """What happened to one chip."""

    APPLIED = "applied"  # the server (and the audit trail) took a change
    UNCHANGED = "unchanged"  # the chip already had every value asked for: nothing was sent
    FAILED = "failed"  # see ``error``; retrying the chip is safe (what was applied is found applied)
    CANCELLED = "cancelled"  # not started because the operator cancelled


@dataclass(frozen=True, slots=True)
class ChipResult:
    """The outcome for one chip.

    ``changes`` names what was changed (``settings.always_online``, ``proxy.host``, ``profile.name`` …), also for
    a chip that failed part-way. ``restart_reasons`` are the changes its open socket has not taken yet;
    ``restart_needed`` is true when they exist and the instance is connected or connecting (a closed instance
    takes them when it next connects). ``error_text`` is the error in English for logs, already cleaned of
    proxy passwords; the window describes ``error`` in the operator's language.
    """

    chip_id: int
    instance_name: str
    outcome: Outcome
    changes: tuple[str, ...] = ()
    restart_reasons: tuple[RestartReason, ...] = ()
    restart_needed: bool = False
    error: Exception | None = field(default=None, compare=False)
    error_text: str | None = None


@dataclass(frozen=True, slots=True)
class BatchReport:
    """Every chip's result, in the order the chips were given."""

    results: tuple[ChipResult, ...]

    def _with(self, *outcomes: Outcome) -> tuple[ChipResult, ...]:
        return tuple(result for result in self.results if result.outcome in outcomes)

    @property
    def applied(self) -> tuple[ChipResult, ...]:
        return self._with(Outcome.APPLIED)

    @property
    def unchanged(self) -> tuple[ChipResult, ...]:
        return self._with(Outcome.UNCHANGED)

    @property
    def failed(self) -> tuple[ChipResult, ...]:
        return self._with(Outcome.FAILED)

    @property
    def cancelled(self) -> tuple[ChipResult, ...]:
        return self._with(Outcome.CANCELLED)

    @property
    def retry_ids(self) -> tuple[int, ...]:
        """The chips to run again: those that failed or were never started."""
        return tuple(result.chip_id for result in self._with(Outcome.FAILED, Outcome.CANCELLED))

    @property
    def restart_ids(self) -> tuple[int, ...]:
        """The chips whose connected instance needs a restart to take what was applied."""
        return tuple(result.chip_id for result in self.results if result.restart_needed)


Progress = Callable[[int, int, ChipResult], None]
"""``progress(done, total, result)``, called once per chip as it finishes (from a worker thread)."""


def run_per_chip(
    chip_ids: Sequence[int],
    work: Callable[[int], ChipResult],
    *,
    name_of: Callable[[int], str],
    workers: int = 4,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> BatchReport:
    """``work(chip_id)`` for every chip, at most ``workers`` at once; stops starting new ones once ``cancel`` is set.

    ``work`` must not raise: it reports its failure in the result. Chips not started because of ``cancel`` get
    a ``CANCELLED`` result (with ``name_of(chip_id)``). Each chip appears once, even if given twice.
    """
    ordered = list(dict.fromkeys(chip_ids))
    results: dict[int, ChipResult] = {}
    lock = threading.Lock()
    position = 0
    done = 0

    def next_chip() -> int | None:
        nonlocal position
        with lock:
            if position >= len(ordered) or (cancel is not None and cancel.is_set()):
                return None
            chip_id = ordered[position]
            position += 1
            return chip_id

    def finish(result: ChipResult) -> None:
        nonlocal done
        with lock:
            results[result.chip_id] = result
            done += 1
            if progress is not None:
                # Under the lock: the window sees the counts rise one by one, never out of order.
                progress(done, len(ordered), result)

    def worker() -> None:
        while (chip_id := next_chip()) is not None:
            finish(work(chip_id))

    count = max(1, min(workers, len(ordered)))
    threads = [threading.Thread(target=worker, name=f"evodesk-chips-{index}", daemon=True) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for chip_id in ordered:
        if chip_id not in results:
            finish(ChipResult(chip_id, name_of(chip_id), Outcome.CANCELLED))
    return BatchReport(tuple(results[chip_id] for chip_id in ordered))
