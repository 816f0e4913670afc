"""``python -m bench.answer_sizes``: how large a fetchInstances answer is, to size the client's cap on answers.

Two measurements, printed as figures:

- the simulator's answer for a working fleet (``bench.simserver.populate``: most instances connected), per
  instance and for the whole fleet, read over HTTP;
- the real server's row (evolution-api.md section 3.7) with every relation filled in as a fully configured
  instance has them (Setting, Proxy, Chatwoot, Rabbitmq, Nats, Sqs, Websocket, a signed picture URL of the
  length WhatsApp issues), per instance and scaled to 10,000 instances.

The cap, ``evodesk.evolution.client.MAX_LIST_ANSWER_BYTES``, is compared with the largest.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid

import httpx

from bench.common import API_KEY
from bench.simserver import populate
from evodesk.evolution.client import MAX_ANSWER_BYTES, MAX_LIST_ANSWER_BYTES
from evodesk.simulator import Simulator

FLEET = 10_000


def real_row(index: int) -> dict[str, object]:
    """One fetchInstances row of Evolution API 2.3.7 with every relation present and long-ish values."""
    instance_id = str(uuid.UUID(int=index))
    stamp = "2025-12-10T13:04:11.000Z"

    def relation(**fields: object) -> dict[str, object]:
        return {"id": f"clx{index:021d}", **fields, "createdAt": stamp, "updatedAt": stamp, "instanceId": instance_id}

    events = ["APPLICATION_STARTUP", "QRCODE_UPDATED", "CONNECTION_UPDATE", "MESSAGES_UPSERT", "SEND_MESSAGE"]
    return {
        "id": instance_id,
        "name": f"chip-55119{index:08d}",
        "connectionStatus": "open",
        "ownerJid": f"55119{index:08d}@s.whatsapp.net",
        "profileName": "Loja Centro \u2022 Atendimento 24h",
        "profilePicUrl": "https://pps.whatsapp.net/v/t61.24694-24/" + "a" * 300 + "?ccb=11-4&oh=01_" + "b" * 40,
        "integration": "WHATSAPP-BAILEYS",
        "number": f"55119{index:08d}",
        "businessId": None,
        "token": str(uuid.uuid4()).upper(),
        "clientName": "evolution",
        "disconnectionReasonCode": None,
        "disconnectionObject": None,
        "disconnectionAt": None,
        "createdAt": stamp,
        "updatedAt": stamp,
        "Chatwoot": relation(
            enabled=True,
            accountId="12",
            token="c" * 24,
            url="https://chatwoot.example.com.br",
            nameInbox=f"chip-55119{index:08d}",
            signMsg=True,
            signDelimiter="\n",
            number=f"55119{index:08d}",
            reopenConversation=True,
            conversationPending=False,
            mergeBrazilContacts=True,
            importContacts=True,
            importMessages=True,
            daysLimitImportMessages=3,
            organization="Loja Centro",
            logo="https://example.com.br/logo.png",
            ignoreJids=[],
        ),
        "Proxy": relation(
            enabled=True, host="proxy.example.com.br", port="8080", protocol="http", username="u", password="p"
        ),
        "Rabbitmq": relation(enabled=True, events=events),
        "Nats": relation(enabled=False, events=[]),
        "Sqs": relation(enabled=False, events=[]),
        "Websocket": relation(enabled=True, events=events),
        "Setting": relation(
            rejectCall=False,
            msgCall="",
            groupsIgnore=False,
            alwaysOnline=False,
            readMessages=False,
            readStatus=False,
            syncFullHistory=False,
            wavoipToken="",
        ),
        "_count": {"Message": 123456, "Contact": 1234, "Chat": 567},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instances", type=int, default=2000, help="simulator fleet size (default 2000)")
    args = parser.parse_args(argv)
    with Simulator(api_key=API_KEY) as sim:
        populate(sim, args.instances)
        body = httpx.get(f"{sim.url}/instance/fetchInstances", headers={"apikey": API_KEY}, timeout=60).content
    sim_per = len(body) / args.instances
    real = [real_row(index) for index in range(100)]
    real_per = len(json.dumps(real, separators=(",", ":")).encode()) / len(real)
    figures = {
        "simulator bytes per instance": round(sim_per),
        f"simulator answer for {args.instances} instances (bytes)": len(body),
        "real row with every relation, bytes per instance": round(real_per),
        f"real rows for {FLEET} instances (MiB)": round(real_per * FLEET / 2**20, 1),
        "cap on a fetchInstances answer (MiB)": MAX_LIST_ANSWER_BYTES / 2**20,
        "instances of the real shape under the cap": int(MAX_LIST_ANSWER_BYTES // real_per),
        "cap on any other answer (MiB)": MAX_ANSWER_BYTES / 2**20,
    }
    for name, value in figures.items():
        print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
