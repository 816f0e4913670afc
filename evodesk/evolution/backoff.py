"""Growing, jittered delays: how often the event stream reconnects and how often it asks again for a namespace."""

from __future__ import annotations

import random


class Backoff:
    """Growing delays: ``initial``, then times ``factor`` up to ``maximum``, each spread by ``jitter`` (a fraction)."""

    def __init__(
        self,
        initial: float = 1.0,
        *,
        factor: float = 2.0,
        maximum: float = 60.0,
        jitter: float = 0.1,
        rng: random.Random | None = None,
    ) -> None:
        if initial <= 0 or factor < 1 or maximum < initial or not 0 <= jitter < 1:
            raise ValueError("back-off needs 0 < initial <= maximum, factor >= 1 and 0 <= jitter < 1")
        self.initial = initial
        self.factor = factor
        self.maximum = maximum
        self.jitter = jitter
        self._rng = rng or random.Random()
        self._next = initial

    def next(self) -> float:
        """The delay before the next attempt; each call grows the one after."""
        base = self._next
        self._next = min(self.maximum, self._next * self.factor)
        spread = base * self.jitter
        return max(0.0, base + self._rng.uniform(-spread, spread))

    def reset(self) -> None:
        """Back to ``initial`` (after a success)."""
        self._next = self.initial

    def copy(self) -> Backoff:
        """A fresh back-off with the same settings (one per namespace)."""
        return Backoff(self.initial, factor=self.factor, maximum=self.maximum, jitter=self.jitter, rng=self._rng)
