"""The QR dialog's timing lines: how long the QR on screen lives, its attempt number, when the dialog stops.

Everything is computed from what the services' QR session reported (the QR's age and whether it is known, the
session's age) plus the time since that answer: the dialog never invents a start of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from evodesk.services import QrPolicy

_CTX = "QrCodeDialog"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


@dataclass(frozen=True, slots=True)
class TimingTexts:
    """The lines under the QR: its countdown, its attempt number and when the dialog stops waiting."""

    countdown: str
    attempt: str
    stop: str


def qr_timing(policy: QrPolicy, *, qr_age: float, age_known: bool, session_age: float, count: int) -> TimingTexts:
    """The texts for a QR seen ``qr_age`` seconds ago in a session ``session_age`` seconds old."""
    remaining = math.ceil(policy.qr_lifetime - qr_age)
    to_deadline = math.ceil(policy.deadline - session_age)
    if remaining <= 0:
        countdown = _tr("Fetching the next code…")
    elif not age_known:
        # The server showed this code before evodesk first saw it: promising a full lifetime would be a guess.
        countdown = _tr(
            "Replaced within {seconds} s at most (already on the server when this window opened: its age is unknown)"
        ).format(seconds=remaining)
    elif to_deadline > 0:
        countdown = _tr("Expires in {seconds} s (refreshes automatically)").format(seconds=remaining)
    else:
        countdown = _tr("Expires in {seconds} s").format(seconds=remaining)
    attempt = _tr("Attempt {n} of {limit}").format(n=count, limit=policy.qr_limit) if count > 0 else ""
    if to_deadline > 0:
        stop = _tr("This window waits for the scan for {seconds} s more, then until the code shown runs out.").format(
            seconds=to_deadline
        )
    elif remaining > 0:
        stop = _tr("Last code: this window stops waiting when it runs out. Refresh QR code (F5) gives more time.")
    else:
        stop = _tr("This window stops waiting now.")
    return TimingTexts(countdown, attempt, stop)
