"""Chip health against hand-made connection histories, on a real SQLite file and on PostgreSQL.

Histories are written straight into ``chip_transitions`` with chosen times (the recording itself is tested in
test_health_recording.py); health is then computed by the real code at a chosen ``now``, and compared with
figures worked out by hand, or with a brute-force count over the raw transitions.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from evodesk.config import ConfigError, Paths, load_settings
from evodesk.domain import Actor, Chip, ChipStatus, ConnectionState
from evodesk.services.health import (
    HEALTH_CSV_FIELDS,
    FlapStarted,
    FlapWatch,
    HealthPolicy,
    chip_timeline,
    fleet_health,
    health_csv_rows,
    needs_attention,
    reason_kind,
    write_health_csv,
)
from evodesk.store import Store, open_store
from evodesk.store.counting import DAY, OFF, UP, Step, Tally, epoch, replay
from evodesk.store.models import ChipHealthDayRow, ChipTransitionRow

ANA = Actor(os_user="ana", host="desk-1")
# A Tuesday at 12:00 UTC: windows start in the middle of days, as they do in real use.
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)

Event = tuple[datetime, str, int | None, bool]  # when, to state, reason code, planned by the operator


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        yield opened


def new_chip(store: Store, n: int) -> int:
    # Unknown state: no first transition is recorded, the hand-made history is all there is.
    return store.insert_chip(phone=f"55119999{n:05d}", instance_name=f"chip-{n}", display_name=None, actor=ANA).id


def write_history(store: Store, chip_id: int, events: Sequence[Event]) -> None:
    rows = [
        {
            "chip_id": chip_id,
            "chip_version": 100 + index,
            "at": epoch(at),
            "seen_at": epoch(at),
            "from_state": None,
            "to_state": to_state,
            "reason_code": reason,
            "source": "operator" if planned else "refresh",
            "planned": planned,
            "seen_by": "test@bench",
        }
        for index, (at, to_state, reason, planned) in enumerate(events)
    ]
    with store._session(write=True) as session:
        session.execute(insert(ChipTransitionRow), rows)


def up(at: datetime) -> Event:
    return (at, "open", None, False)


def drop(at: datetime, reason: int | None = None, to_state: str = "close") -> Event:
    return (at, to_state, reason, False)


def test_a_drop_and_reconnect_two_hours_ago(store: Store) -> None:
    chip = new_chip(store, 1)
    write_history(store, chip, [up(NOW - 40 * D), drop(NOW - 2 * H, None, "connecting"), up(NOW - 1 * H)])

    health = fleet_health(store, NOW).chips[chip]

    assert health.day.uptime == pytest.approx(23 / 24)
    assert health.day.counted_s == 24 * 3600
    assert health.week.uptime == pytest.approx(1 - 1 / (7 * 24))
    assert health.month.uptime == pytest.approx(1 - 1 / (30 * 24))
    assert (health.day.drops, health.week.drops, health.month.drops) == (1, 1, 1)
    assert health.day.reasons == ((None, 1),)
    assert health.last_drop_at == NOW - 2 * H
    assert health.since_last_drop(NOW) == 2 * H
    assert health.state == UP
    assert health.flapping is False


def test_a_chip_created_in_the_middle_of_the_window_is_judged_from_its_first_connection(store: Store) -> None:
    chip = new_chip(store, 1)
    # Created 3 days and 2 hours ago, waiting for its scan for 2 hours (connecting, then close): not counted.
    write_history(
        store,
        chip,
        [
            (NOW - 3 * D - 2 * H, "connecting", None, False),
            (NOW - 3 * D - 1 * H, "close", None, False),
            up(NOW - 3 * D),
            drop(NOW - 1 * D - 6 * H, 428),
            up(NOW - 1 * D - 3 * H),
        ],
    )

    health = fleet_health(store, NOW).chips[chip]

    assert health.week.counted_s == health.month.counted_s == 3 * DAY
    assert health.week.uptime == pytest.approx(1 - 3 / 72)
    assert health.month.uptime == health.week.uptime
    assert health.week.drops == 1 and health.week.reasons == ((428, 1),)
    # The drop was 30 hours ago: outside the last 24 hours, which were all up.
    assert (health.day.uptime, health.day.drops) == (1.0, 0)


def test_a_chip_never_connected_has_no_uptime_rather_than_zero(store: Store) -> None:
    chip = new_chip(store, 1)
    write_history(store, chip, [(NOW - 5 * D, "connecting", None, False), (NOW - 4 * D, "close", None, False)])

    health = fleet_health(store, NOW).chips[chip]

    assert (health.week.uptime, health.week.counted_s, health.week.drops) == (None, 0, 0)
    assert health.state == OFF


def test_a_gap_while_evodesk_was_closed_counts_as_the_last_state_until_the_dated_drop(store: Store) -> None:
    """Nobody watched from 6 days ago to 2 days ago; the server dated the drop 4 days ago (disconnectionAt).

    The recording placed the drop at the server's date (test_health_recording.py checks that), so the chip
    counts up until then and down from then until it was reconnected, 2 days ago, when evodesk was back.
    """
    chip = new_chip(store, 1)
    write_history(store, chip, [up(NOW - 20 * D), drop(NOW - 4 * D, 401), up(NOW - 2 * D)])

    week = fleet_health(store, NOW).chips[chip].week

    assert week.counted_s == 7 * DAY
    assert week.uptime == pytest.approx(5 / 7)
    assert week.reasons == ((401, 1),)


def test_the_operator_switching_a_chip_off_is_neither_a_drop_nor_downtime(store: Store) -> None:
    chip = new_chip(store, 1)
    write_history(
        store,
        chip,
        [up(NOW - 10 * D), (NOW - 3 * D, "close", None, True), (NOW - 2 * D, "connecting", None, False), up(NOW - D)],
    )

    health = fleet_health(store, NOW).chips[chip]

    assert health.week.drops == 0 and health.last_drop_at is None
    assert health.week.counted_s == 5 * DAY  # 4 days up before the disconnect, 1 day up since
    assert health.week.uptime == 1.0


@pytest.mark.parametrize(("drops", "rule", "flapping"), [(3, 3, True), (2, 3, False), (2, 2, True)])
def test_flapping_is_drops_in_the_last_hours_by_the_rule_of_the_settings(
    store: Store, drops: int, rule: int, flapping: bool
) -> None:
    chip = new_chip(store, 1)
    events: list[Event] = [up(NOW - 5 * D)]
    for n in range(drops):
        events += [drop(NOW - (10 - 3 * n) * H, None, "connecting"), up(NOW - (9 - 3 * n) * H)]
    write_history(store, chip, events)

    health = fleet_health(store, NOW, HealthPolicy(flap_drops=rule)).chips[chip]

    assert health.day.drops == drops
    assert health.flapping is flapping
    assert health.flap_drops == drops
    # Over 4 hours only the drops of the last 4 hours count.
    narrow = fleet_health(store, NOW, HealthPolicy(flap_drops=1, flap_hours=4)).chips[chip]
    assert narrow.flap_drops == sum(1 for n in range(drops) if 10 - 3 * n <= 4)


def brute_force(events: Sequence[Event], start: datetime, end: datetime) -> Tally:
    steps = [Step(epoch(at), to_state, reason, planned) for at, to_state, reason, planned in events]
    return replay(OFF, steps, epoch(start), epoch(end))[0]


def random_history(rng: random.Random, first: datetime, last: datetime) -> list[Event]:
    events: list[Event] = []
    moment = first + timedelta(seconds=rng.randrange(0, 3 * DAY))
    connected = False
    while moment < last:
        if connected:
            planned = rng.random() < 0.1
            events.append(
                (moment, rng.choice(["connecting", "close", "refused"]), rng.choice([None, 401, 428]), planned)
            )
        else:
            events.append(up(moment) if rng.random() < 0.8 else (moment, "connecting", None, False))
        connected = events[-1][1] == "open"
        moment += timedelta(seconds=rng.randrange(600, 2 * DAY))
    return events


def test_windows_from_summaries_match_a_brute_force_count_over_the_transitions(store: Store) -> None:
    rng = random.Random(20)
    histories = {}
    for n in range(12):
        chip = new_chip(store, n)
        histories[chip] = random_history(rng, NOW - 45 * D, NOW - timedelta(minutes=5))
        write_history(store, chip, histories[chip])

    fleet = fleet_health(store, NOW)

    assert store.history.summarised_through() == epoch(NOW) // DAY - 1
    for chip, events in histories.items():
        health = fleet.chips[chip]
        for days, window in ((1, health.day), (7, health.week), (30, health.month)):
            expected = brute_force(events, NOW - days * D, NOW)
            assert (window.counted_s, window.drops) == (expected.known_s, expected.drops), (chip, days)
            assert window.uptime == (expected.connected_s / expected.known_s if expected.known_s else None)
            assert dict(window.reasons) == {(None if c == -1 else c): k for c, k in expected.reasons.items()}
        assert health.last_drop_at == (
            None
            if (last := brute_force(events, NOW - 60 * D, NOW).last_drop_at) is None
            else datetime.fromtimestamp(last, UTC)
        )
    # Computing again (summaries already there) gives the same answer.
    assert fleet_health(store, NOW) == fleet


def test_compaction_keeps_the_totals(store: Store) -> None:
    rng = random.Random(90)
    for n in range(8):
        chip = new_chip(store, n)
        write_history(store, chip, random_history(rng, NOW - 130 * D, NOW - H))
    history = store.history
    with store._session() as session:
        before_rows = session.scalar(select(func.count()).select_from(ChipTransitionRow)) or 0
    totals = history.totals(NOW)  # nothing summarised yet: every transition counted from the raw rows

    deleted = history.compact(NOW)

    with store._session() as session:
        after_rows = session.scalar(select(func.count()).select_from(ChipTransitionRow)) or 0
        oldest = session.scalar(select(func.min(ChipTransitionRow.at))) or 0
        summarised_days = session.scalar(select(func.count(func.distinct(ChipHealthDayRow.day)))) or 0
    assert deleted > 0 and after_rows == before_rows - deleted
    assert oldest >= (epoch(NOW) // DAY - 90) * DAY
    assert summarised_days >= 120
    assert history.totals(NOW) == totals
    assert sum(t.drops for t in totals.values()) > 100  # the histories are not trivially empty
    # Health over the last 30 days does not reach the compacted days: a later day compacts a day more and
    # changes nothing of it.
    health = fleet_health(store, NOW)
    assert history.compact(NOW + D) > 0
    assert fleet_health(store, NOW) == health
    assert history.compact(NOW) == 0


def test_timeline_bands_and_drop_markers(store: Store) -> None:
    chip = new_chip(store, 1)
    write_history(
        store,
        chip,
        [up(NOW - 9 * D), drop(NOW - 3 * D, 428), up(NOW - 3 * D + 2 * H), drop(NOW - 5 * H, None, "connecting")],
    )
    fleet_health(store, NOW)  # summarises the days, as the window's first health computation would

    timeline = chip_timeline(store, chip, NOW)

    assert (timeline.start, timeline.end) == (NOW - 7 * D, NOW)
    assert [(b.start, b.end, b.state) for b in timeline.bands] == [
        (NOW - 7 * D, NOW - 3 * D, "up"),
        (NOW - 3 * D, NOW - 3 * D + 2 * H, "down"),
        (NOW - 3 * D + 2 * H, NOW - 5 * H, "up"),
        (NOW - 5 * H, NOW, "down"),
    ]
    assert [(m.at, m.to_state, m.reason_code) for m in timeline.drops] == [
        (NOW - 3 * D, "close", 428),
        (NOW - 5 * H, "connecting", None),
    ]
    assert reason_kind(428) == "connection_closed" and reason_kind(None) == "reconnecting"


def test_fleet_series_and_the_chips_most_at_risk(store: Store) -> None:
    steady, flapping, down = new_chip(store, 1), new_chip(store, 2), new_chip(store, 3)
    write_history(store, steady, [up(NOW - 40 * D)])
    events: list[Event] = [up(NOW - 40 * D)]
    for n in range(4):
        events += [drop(NOW - (8 - 2 * n) * H, 440), up(NOW - (7 - 2 * n) * H - timedelta(minutes=30))]
    write_history(store, flapping, events)
    write_history(store, down, [up(NOW - 40 * D), drop(NOW - 36 * H, 401)])

    fleet = fleet_health(store, NOW)

    assert fleet.at_risk == (flapping, down)
    assert fleet.flapping == {flapping}
    assert len(fleet.daily) == 30 and len(fleet.hourly) == 24
    assert fleet.daily[-1].end == datetime(2026, 3, 10, tzinfo=UTC)
    # 36 hours before 12:00 is midnight yesterday: the down chip was down all of yesterday.
    assert fleet.daily[-1].connected == pytest.approx(2.0)
    assert fleet.daily[-3].connected == pytest.approx(3.0)
    assert fleet.hourly[0].connected == pytest.approx(2.0)  # 12:00–13:00 yesterday: steady and flapping
    assert fleet.hourly[-1].connected == pytest.approx(2.0)
    assert fleet.hourly[-8].connected == pytest.approx(1.5)  # the flapping chip was up for half of that hour
    assert fleet.hourly[-8].counted == pytest.approx(3.0)


def chip_value(chip_id: int, state: ConnectionState, status: ChipStatus = ChipStatus.ACTIVE, profile: str = "") -> Chip:
    return Chip(
        chip_id,
        f"5511999990{chip_id:03d}",
        f"chip-{chip_id}",
        None,
        status,
        state is ConnectionState.OPEN,
        state,
        None,
        profile or None,
        None,
        None,
        None,
        None,
        NOW,
        NOW,
        1,
    )


def test_needs_attention_includes_flapping_chips(store: Store) -> None:
    chip = new_chip(store, 1)
    write_history(
        store,
        chip,
        [
            up(NOW - D),
            *[e for n in range(3) for e in (drop(NOW - (6 - n) * H), up(NOW - (6 - n) * H + timedelta(minutes=1)))],
        ],
    )
    health = fleet_health(store, NOW).chips[chip]
    assert health.flapping

    assert needs_attention(chip_value(chip, ConnectionState.OPEN), health) is True
    assert needs_attention(chip_value(chip, ConnectionState.OPEN), None) is False
    assert needs_attention(chip_value(chip, ConnectionState.CLOSE), None) is True
    assert needs_attention(chip_value(chip, ConnectionState.CONNECTING), None) is False
    assert needs_attention(chip_value(chip, ConnectionState.CLOSE, ChipStatus.CANCELLED), health) is False


def test_flap_watch_tells_once_per_episode(store: Store) -> None:
    chip = new_chip(store, 1)
    write_history(
        store,
        chip,
        [up(NOW - 2 * D)] + [e for n in range(3) for e in (drop(NOW - (6 - n) * H), up(NOW - (6 - n) * H + H / 2))],
    )
    watch = FlapWatch()
    heard: list[FlapStarted] = []
    unsubscribe = watch.subscribe(heard.append)

    assert [e.chip_id for e in watch.update(fleet_health(store, NOW))] == [chip]
    assert watch.update(fleet_health(store, NOW + timedelta(minutes=10))) == []  # still flapping
    assert watch.update(fleet_health(store, NOW + 2 * D)) == []  # calmed down
    assert [e.chip_id for e in watch.update(fleet_health(store, NOW))] == [chip]  # started again
    assert [(e.chip_id, e.drops, e.hours) for e in heard] == [(chip, 3, 24.0), (chip, 3, 24.0)]
    unsubscribe()
    watch.update(fleet_health(store, NOW + 2 * D))
    watch.update(fleet_health(store, NOW))
    assert len(heard) == 2


def test_health_csv_neutralises_formulas(store: Store, tmp_path: Path) -> None:
    chip = new_chip(store, 1)
    write_history(store, chip, [up(NOW - 3 * D), drop(NOW - 2 * H, 401), up(NOW - H)])
    fleet = fleet_health(store, NOW)
    chips = [chip_value(chip, ConnectionState.OPEN, profile='=HYPERLINK("x")'), chip_value(99, ConnectionState.CLOSE)]
    path = tmp_path / "health.csv"

    count = write_health_csv(path, HEALTH_CSV_FIELDS, health_csv_rows(chips, fleet, reason_label=lambda c: f"+{c}"))

    assert count == 2
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == list(HEALTH_CSV_FIELDS)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["profile_name"] == '\'=HYPERLINK("x")'
    assert first["reasons_30d"] == "'+401×1"
    assert (first["uptime_24h_percent"], first["drops_24h"], first["hours_since_last_drop"]) == ("95.8", "1", "2.0")
    assert first["flapping"] == "false"
    assert rows[2][4:] == [""] * 10  # a chip without history
    with pytest.raises(ValueError, match="columns"):
        write_health_csv(path, HEALTH_CSV_FIELDS[:-1], [])


def test_the_flapping_rule_is_a_setting(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    paths.ensure()
    assert (load_settings(paths).flap_drops, load_settings(paths).flap_hours) == (3, 24.0)
    paths.settings_file.write_text("[health]\nflap_drops=5\nflap_hours=6\n", encoding="utf-8")
    settings = load_settings(paths)
    assert HealthPolicy.from_settings(settings) == HealthPolicy(flap_drops=5, flap_hours=6.0)
    for bad in ("flap_drops=0", "flap_drops=two", "flap_hours=48"):
        paths.settings_file.write_text(f"[health]\n{bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError):
            load_settings(paths)


def test_the_health_module_loads_neither_qt_nor_sqlalchemy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, evodesk.services.health as h; "
        "print(sorted(m for m in ('PySide6', 'sqlalchemy', 'alembic') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # The window's chips model can use ChipHealth and needs_attention without loading the database layer.
    assert done.stdout.strip() == "[]"


def test_the_first_computation_of_a_day_compacts_the_history_past_90_days(store: Store) -> None:
    chip = new_chip(store, 1)
    write_history(store, chip, [up(NOW - 100 * D), drop(NOW - 95 * D, 401), up(NOW - 94 * D), drop(NOW - 2 * H)])

    fleet_health(store, NOW)

    assert [t.at for t in store.history.transitions(chip)] == [NOW - 2 * H]
    assert store.history.totals(NOW)[chip].drops == 2


def test_the_health_service_the_front_door_holds(store: Store, tmp_path: Path) -> None:
    from evodesk.services.health_service import HealthService

    flapping, switched_off = new_chip(store, 1), new_chip(store, 2)
    drops = [e for n in range(3) for e in (drop(NOW - (6 - n) * H), up(NOW - (6 - n) * H + H / 2))]
    write_history(store, flapping, [up(NOW - 2 * D), *drops])
    # Dropped twice, then the operator switched it off: not at risk, and both drops still count.
    write_history(
        store,
        switched_off,
        [
            up(NOW - 5 * D),
            drop(NOW - 4 * D),
            up(NOW - 4 * D + H),
            drop(NOW - 3 * D),
            (NOW - 2 * D, "close", None, True),
        ],
    )
    service = HealthService(store, HealthPolicy(flap_drops=3))
    heard: list[FlapStarted] = []
    service.flaps.subscribe(heard.append)

    fleet = service.fleet(NOW)
    assert [e.chip_id for e in service.notify(fleet)] == [flapping] and len(heard) == 1
    assert fleet.at_risk == (flapping,)
    assert fleet.chips[switched_off].week.drops == 2 and fleet.chips[switched_off].state == OFF
    assert len(service.timeline(flapping, NOW).drops) == 3
    chips = [chip_value(flapping, ConnectionState.OPEN), chip_value(switched_off, ConnectionState.CLOSE)]
    assert service.export_csv(tmp_path / "h.csv", HEALTH_CSV_FIELDS, chips, fleet, reason_kind) == 2


def test_drain_empties_nested_dicts() -> None:
    from evodesk.store.counting import drain

    inner = {n: [n] for n in range(1000)}
    outer: dict[int, object] = {1: inner, 2: "x", **{n: n for n in range(3, 2000)}}
    drain(outer, every=100)
    assert outer == {} and inner == {}
