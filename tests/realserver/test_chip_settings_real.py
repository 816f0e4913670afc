"""Settings, proxy and profile against the real Evolution API 2.3.7: the client's methods and ChipSettingsService.

The real server here has no WhatsApp and no direct internet access: its test of any proxy fails (``Invalid
proxy``), profile changes fail (no connected instance) and profile picture links are ``null``. Everything else
— the settings, turning a proxy off, the audit trail — is the real server's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evodesk.domain import Actor, ChipSettings, ProxyConfig
from evodesk.evolution import EvolutionClient, InstanceNotConnected, InstanceNotFound, ProxyRejected
from evodesk.services import ChipEdit, ChipSettingsService, InstanceManager, Outcome, ProxyEdit, SettingsEdit
from evodesk.store import open_store

from .server import RealServer, unique_name

PASSWORD = "Rl9-real-server-secret"


@pytest.fixture
def client(real_server: RealServer) -> Iterator[EvolutionClient]:
    with EvolutionClient(real_server.url, real_server.api_key, timeout=15, long_timeout=60) as evolution:
        yield evolution


def test_client_methods(client: EvolutionClient) -> None:
    name = unique_name("set")
    client.create_instance(name, qrcode=False)
    try:
        assert client.find_settings(name) == ChipSettings()
        wanted = ChipSettings(reject_call=True, msg_call="Busy", always_online=True)
        assert client.set_settings(name, wanted) == wanted
        assert client.find_settings(name) == wanted
        # The workaround for #962/#2664: the message goes empty with the rejection.
        client.set_settings(name, ChipSettings(reject_call=False, msg_call="Busy"))
        assert client.find_settings(name) == ChipSettings()

        assert client.find_proxy(name) is None
        proxy = ProxyConfig(enabled=True, host="127.0.0.1", port=9, protocol="http", username="u", password=PASSWORD)
        with pytest.raises(ProxyRejected) as caught:
            client.set_proxy(name, proxy)
        assert PASSWORD not in str(caught.value) and caught.value.server_message == "Invalid proxy"
        off = ProxyConfig(enabled=False, host="", port=None)
        assert client.set_proxy(name, off) is None
        assert client.find_proxy(name) is None  # a row switched off with nothing in it is no proxy

        picture = client.profile_picture_url(name, "5511987650001")
        assert picture.wuid == "5511987650001@s.whatsapp.net" and picture.url is None
        with pytest.raises(InstanceNotConnected):
            client.update_profile_name(name, "Shop")
        with pytest.raises(InstanceNotConnected):
            client.update_profile_status(name, "Open")
    finally:
        client.delete(name)
    with pytest.raises(InstanceNotFound):
        client.find_settings(unique_name("ghost"))


def test_service_batch_and_audit(client: EvolutionClient, tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path}/chips.sqlite3")
    actor = Actor(os_user="alice", host="desk-1")
    manager = InstanceManager(client, store, actor=actor)
    service = ChipSettingsService(client, store, actor=actor)
    chips = []
    try:
        for index in range(3):
            chip, _qr = manager.create(f"+55 11 9{index:04d}-7{index:03d}")
            chips.append(chip)
        ids = [chip.id for chip in chips]
        report = service.apply(ids, ChipEdit(settings=SettingsEdit(groups_ignore=True, sync_full_history=True)))
        assert [result.outcome for result in report.results] == [Outcome.APPLIED] * 3
        assert all(client.find_settings(chip.instance_name).groups_ignore for chip in chips)  # type: ignore[union-attr]
        refused = service.apply(
            ids[:1], ChipEdit(proxy=ProxyEdit(enabled=True, host="127.0.0.1", port=9, password=PASSWORD))
        )
        assert isinstance(refused.results[0].error, ProxyRejected)
        assert PASSWORD not in (refused.results[0].error_text or "")
        events = [event for event in store.list_events() if event.action == "settings"]
        assert len(events) == 3 and all(event.os_user == "alice" for event in events)
        assert all(PASSWORD not in (event.details or "") for event in store.list_events())
    finally:
        for chip in chips:
            manager.delete(chip.id)
        store.close()
