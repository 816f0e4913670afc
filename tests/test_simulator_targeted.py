"""Per-instance fault control of the simulator: deterministic failures for chosen instances only."""

from __future__ import annotations

import httpx
import pytest

from evodesk.evolution import EvolutionClient, EvolutionUnavailable
from evodesk.simulator import Simulator

KEY = "test-key"


def _client(sim: Simulator) -> EvolutionClient:
    return EvolutionClient(sim.url, KEY)


def test_a_failed_instance_fails_every_request_naming_it_and_only_those(simulator: Simulator) -> None:
    client = _client(simulator)
    try:
        for name in ("target-a", "target-b", "bystander"):
            client.create_instance(name)
        simulator.fail_instance("target-a")
        simulator.fail_instance("target-b", mode="5xx")
        assert simulator.instance_faults() == {"target-a": "5xx", "target-b": "5xx"}
        for name in ("target-a", "target-b"):
            with pytest.raises(EvolutionUnavailable):
                client.connection_state(name)
            client.breaker.reset()
        # Other instances, and requests that name no instance, are untouched.
        client.connection_state("bystander")
        names = {info.name for info in client.fetch_instances()}
        assert {"target-a", "target-b", "bystander"} <= names
        client.delete("bystander")
        with pytest.raises(EvolutionUnavailable):
            client.delete("target-a")
        client.breaker.reset()
        assert "target-a" in simulator.instance_names()

        simulator.clear_instance_faults("target-a")
        client.connection_state("target-a")
        with pytest.raises(EvolutionUnavailable):
            client.connection_state("target-b")
        client.breaker.reset()
        simulator.clear_instance_faults()
        client.connection_state("target-b")
        assert simulator.instance_faults() == {}
    finally:
        client.close()


def test_other_modes_and_bad_modes(simulator: Simulator) -> None:
    client = _client(simulator)
    try:
        client.create_instance("hang-up")
        simulator.fail_instance("hang-up", mode="drop")
        with pytest.raises(EvolutionUnavailable):
            client.connection_state("hang-up")
        simulator.fail_instance("hang-up", mode="none")
        assert simulator.instance_faults() == {}
        with pytest.raises(ValueError, match="unknown fault mode"):
            simulator.fail_instance("hang-up", mode="sometimes")
    finally:
        client.close()


def test_control_endpoint(simulator: Simulator) -> None:
    client = _client(simulator)
    try:
        client.create_instance("over-http")
        base = f"{simulator.url}/_sim/faults/over-http"
        assert httpx.get(base).json() == {"instanceName": "over-http", "mode": "none"}
        assert httpx.post(base, json={"mode": "5xx"}).json() == {"instanceName": "over-http", "mode": "5xx"}
        answer = httpx.get(f"{simulator.url}/instance/connectionState/over-http", headers={"apikey": KEY})
        assert answer.status_code == 500
        assert httpx.post(base, json={"mode": "bogus"}).status_code == 400
        assert httpx.delete(base).json() == {"instanceName": "over-http", "mode": "none"}
        answer = httpx.get(f"{simulator.url}/instance/connectionState/over-http", headers={"apikey": KEY})
        assert answer.status_code == 200
        # The global fault settings are a separate thing.
        assert httpx.get(f"{simulator.url}/_sim/faults").json()["failRate"] == 0.0
    finally:
        client.close()
