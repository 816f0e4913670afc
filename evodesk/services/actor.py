"""Who is acting: the OS user and host recorded with every change in the audit trail."""

from __future__ import annotations

import getpass
import socket

from evodesk.domain import Actor


def current_actor() -> Actor:
    """The OS user and host of this process, for the audit trail."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) and no USER variable
        user = "unknown"
    return Actor(os_user=user, host=socket.gethostname() or "unknown")
