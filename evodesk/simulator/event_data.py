"""What the simulator's Socket.IO sends: Evolution's event vocabulary and the payload of each event.

Derived from the instance state machine as 2.3.7 sends them (evolution-api.md sections 6.2-6.5): connection,
QR, status, logout, create and delete events, and the ``messages.upsert`` a busy number's chats send.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from evodesk.simulator.state import CLOSE, CONNECTING, OPEN, REFUSED, Instance, iso

# The server's subscription vocabulary (EventController.events), in its order.
ALL_EVENTS = (
    "APPLICATION_STARTUP",
    "QRCODE_UPDATED",
    "MESSAGES_SET",
    "MESSAGES_UPSERT",
    "MESSAGES_EDITED",
    "MESSAGES_UPDATE",
    "MESSAGES_DELETE",
    "SEND_MESSAGE",
    "SEND_MESSAGE_UPDATE",
    "CONTACTS_SET",
    "CONTACTS_UPSERT",
    "CONTACTS_UPDATE",
    "PRESENCE_UPDATE",
    "CHATS_SET",
    "CHATS_UPSERT",
    "CHATS_UPDATE",
    "CHATS_DELETE",
    "GROUPS_UPSERT",
    "GROUP_UPDATE",
    "GROUP_PARTICIPANTS_UPDATE",
    "CONNECTION_UPDATE",
    "LABELS_EDIT",
    "LABELS_ASSOCIATION",
    "CALL",
    "TYPEBOT_START",
    "TYPEBOT_CHANGE_STATUS",
    "REMOVE_INSTANCE",
    "LOGOUT_INSTANCE",
    "INSTANCE_CREATE",
    "INSTANCE_DELETE",
    "STATUS_INSTANCE",
)
QR_LIMIT_MESSAGE = "QR code limit reached, please login again"
FINAL_CLOSE_CODES = (401, 402, 403, 406)


def event_constant(event: str) -> str:
    return event.replace(".", "_").replace("-", "_").upper()


def transition_events(inst: Instance, what: str, *, logged_out: bool, v1: bool) -> list[tuple[Instance, str, Any]]:
    """The events a state transition of ``inst`` sends; ``logged_out``: it closes because of a logout route."""
    if what == CONNECTING:
        return [(inst, "connection.update", {"instance": inst.name, "state": "connecting", "statusReason": 200})]
    if what == OPEN:
        data = {
            "instance": inst.name,
            "wuid": inst.owner_jid,
            "profileName": inst.profile_name,
            "profilePictureUrl": inst.profile_pic_url,
            "state": "open",
            "statusReason": 200,
        }
        return [(inst, "connection.update", data)]
    if what == REFUSED:
        limit = {"message": QR_LIMIT_MESSAGE, "statusCode": 500}
        refused = {
            "instance": inst.name,
            "state": "refused",
            "statusReason": 428,
            "profileName": inst.profile_name,
            "profilePictureUrl": inst.profile_pic_url,
        }
        return [(inst, "qrcode.updated", limit), (inst, "connection.update", refused)]
    if what == CLOSE:
        code = inst.disconnection_reason_code or 401
        out: list[tuple[Instance, str, Any]] = []
        if code in FINAL_CLOSE_CODES:
            status = {
                "instance": inst.name,
                "status": "closed",
                "disconnectionAt": iso(inst.disconnection_at),
                "disconnectionReasonCode": code,
                "disconnectionObject": inst.disconnection_object,
            }
            out.append((inst, "status.instance", status))
        if logged_out and not v1:
            out.append((inst, "logout.instance", None))
        out.append((inst, "connection.update", {"instance": inst.name, "state": "close", "statusReason": code}))
        return out
    return []


def deleted_events(inst: Instance, *, v1: bool) -> list[tuple[Instance, str, Any]]:
    """The events a delete sends."""
    out: list[tuple[Instance, str, Any]] = [
        (inst, "instance.delete", {"instanceName": inst.name, "instanceId": inst.instance_id})
    ]
    if not v1:
        out.append((inst, "remove.instance", None))
    return out


def latest_qr_key(inst: Instance) -> tuple[int, str] | None:
    frame = inst.latest_qr
    return (frame.count, frame.code) if frame is not None else None


def local_time_with_z() -> str:
    # The server subtracts the timezone offset and calls toISOString: local wall-clock time with a "Z".
    now = datetime.now()
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def message_data(name: str, index: int) -> dict[str, Any]:
    return {
        "key": {
            "remoteJid": f"55119{index % 100_000_000:08d}@s.whatsapp.net",
            "fromMe": False,
            "id": f"3EB0{index:016X}",
        },
        "pushName": "Cliente",
        "status": "DELIVERY_ACK",
        "message": {"conversation": f"Mensagem {index} para {name}: " + "olá " * 40},
        "messageType": "conversation",
        "messageTimestamp": int(time.time()),
        "instanceId": "00000000-0000-4000-8000-000000000000",
        "source": "android",
    }
