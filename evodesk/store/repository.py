"""The chips repository: every read and write of ``chips`` and ``chip_events`` goes through :class:`Store`.

Each method opens its own session and closes it before returning, so a ``Store`` can be shared by worker
threads; what comes back is always a frozen dataclass from :mod:`evodesk.domain`.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Final, TypeVar

import sqlalchemy.exc as sa_exc
from sqlalchemy import Engine, bindparam, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from evodesk.domain import Actor, Chip, ChipEvent, ChipStatus, ConnectionState
from evodesk.store.engine import SQLITE_WRITE_OPTION, mask_url, sqlite_path, translate_errors
from evodesk.store.errors import ChipConflict, ChipNotFound, DuplicateChip, StoreError, StoreUnavailable
from evodesk.store.history import ConnectionHistory, record_first_state, record_transitions
from evodesk.store.models import UNIQUE_INDEX_FIELDS, ChipEventRow, ChipRow
from evodesk.store.rows import MUTABLE_FIELDS as MUTABLE_FIELDS
from evodesk.store.rows import check_actor as _check_actor
from evodesk.store.rows import check_text as _check_text
from evodesk.store.rows import chip_from_row as _chip
from evodesk.store.rows import coerce_update as _coerce_update
from evodesk.store.rows import event_from_row as _event
from evodesk.store.rows import status_value as _status_value

_T = TypeVar("_T")
_CHIPS: Final = ChipRow.__table__
# Chips are read as plain rows, not ORM objects: a 10,000-chip refresh is several times faster without the
# identity map, and the rows become dataclasses anyway. Columns come in the order of Chip's fields.
_SELECT_CHIPS: Final = select(*(_CHIPS.c[field.name] for field in dataclasses.fields(Chip)))

# Ids per IN (...) list in a batch: well under SQLite's limit of bound parameters per statement.
_IDS_PER_QUERY: Final = 500

# SQLite names the columns of the violated index ("UNIQUE constraint failed: chips.phone") or, for an
# expression index, the index itself ("UNIQUE constraint failed: index 'uq_...'").
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?:index '(?P<index>[^']+)'|(?P<columns>.+))")


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` names now (device and inode, or the file index on Windows); None when it is gone."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


@dataclass(frozen=True, slots=True)
class ChipUpdates:
    """The outcome of :meth:`Store.update_chips`.

    Attributes:
        chips: the chips as written, in the order they were given.
        conflicts: one :class:`ChipConflict` per chip left untouched because its version had moved on.
    """

    chips: tuple[Chip, ...]
    conflicts: tuple[ChipConflict, ...]


def _duplicate_message(field: str, value: str) -> str:
    label = "phone number" if field == "phone" else "instance name"
    return f"Another chip that is not cancelled already has the {label} {value}."


class Store:
    """Chips and their audit trail in one SQLite file or PostgreSQL database.

    Build it with :func:`evodesk.store.open_store`, which also migrates the schema. Methods are safe to
    call from several threads at once; each runs in its own short transaction.

    Attributes:
        url: the database URL with the password hidden.
        backend: ``"sqlite"`` or ``"postgresql"``.
    """

    def __init__(self, engine: Engine) -> None:
        """Wrap an engine made by :func:`evodesk.store.engine.create_engine` (already migrated)."""
        self._engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        self.url: str = mask_url(engine.url)
        self.backend: str = engine.dialect.name
        # A SQLite connection keeps writing to its file after the file is deleted or replaced: every commit then
        # "succeeds" into an inode nobody will open again. The file's identity is checked around each session.
        self._file = sqlite_path(engine.url)
        self._file_identity = _identity(self._file) if self._file is not None else None

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    @functools.cached_property
    def history(self) -> ConnectionHistory:
        """The chips' connection history (transitions, daily summaries, compaction)."""
        return ConnectionHistory(self)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection; the store must not be used afterwards."""
        self._engine.dispose()

    # -- sessions -------------------------------------------------------------------------------------

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        """A session inside one transaction, committed on success and rolled back on any error."""
        self._check_file()
        with translate_errors(self._engine.url), self._sessions() as session, session.begin():
            if write and self.backend == "sqlite":
                # Take the write lock up front: a read transaction that later writes cannot wait for
                # the lock in WAL mode, it fails at once with "database is locked".
                session.connection(execution_options={SQLITE_WRITE_OPTION: True})
            yield session
        if write:
            self._check_file(written=True)

    def _check_file(self, *, written: bool = False) -> None:
        """Refuse to go on when the SQLite file is no longer the one this store opened (removed or replaced).

        Checked before every session, so an operator action is refused before the server is touched, and after
        every write, so a write that landed in a file removed meanwhile is never reported as done.
        """
        if self._file is None or self._file_identity is None:
            return
        identity = _identity(self._file)
        if identity == self._file_identity:
            return
        # The pooled connections point at the old file: close them, so nothing more is written there.
        self._engine.dispose()
        if written:
            message = (
                f"The chips database {self._file} was removed or replaced while a change was being written: the "
                "change may not have been kept. Check the file, then restart evodesk."
            )
        elif identity is None:
            message = (
                f"The chips database {self._file} was removed while evodesk was running (was its folder deleted "
                "or moved?). Nothing can be recorded until it is put back; restart evodesk afterwards."
            )
        else:
            message = (
                f"The chips database {self._file} was replaced by another file while evodesk was running. "
                "Restart evodesk to use the new file."
            )
        raise StoreUnavailable(message)

    def _run_write(self, work: Callable[[Session], _T], *, duplicate: Callable[[str], str] | None = None) -> _T:
        try:
            with self._session(write=True) as session:
                return work(session)
        except sa_exc.IntegrityError as exc:
            field = self._duplicate_field(exc)
            if field is not None and duplicate is not None:
                raise DuplicateChip(duplicate(field), field=field) from exc
            raise StoreError(f"The database refused the change: {str(exc.orig).splitlines()[0]}") from exc

    def _duplicate_field(self, exc: sa_exc.IntegrityError) -> str | None:
        """Which unique chip field an integrity error is about, or None when it is not a duplicate."""
        constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
        if constraint:
            return UNIQUE_INDEX_FIELDS.get(constraint)
        match = _SQLITE_UNIQUE.search(str(exc.orig))
        if match is None:
            return None
        if match["index"]:
            return UNIQUE_INDEX_FIELDS.get(match["index"])
        columns = {c.strip() for c in match["columns"].split(",")}
        for field in ("phone", "instance_name"):
            if f"chips.{field}" in columns:
                return field
        return None

    # -- chips ----------------------------------------------------------------------------------------

    def list_chips(self, *, include_cancelled: bool = True) -> list[Chip]:
        """Every chip, ordered by id; cancelled chips only when ``include_cancelled``."""
        query = _SELECT_CHIPS.order_by(_CHIPS.c.id)
        if not include_cancelled:
            query = query.where(_CHIPS.c.status != ChipStatus.CANCELLED.value)
        with self._session() as session:
            return [_chip(row) for row in session.execute(query).all()]

    def get_chip(self, chip_id: int) -> Chip:
        """The chip with this id; raises :class:`ChipNotFound`."""
        with self._session() as session:
            return self._load(session, chip_id)

    def find_chip(self, *, phone: str | None = None, instance_name: str | None = None) -> Chip | None:
        """The chip that is not cancelled and has this phone or this instance name (any letter case).

        With both given, a chip matching either is returned (phone first): the question is always "would a
        new chip with these values collide with a live one?".
        """
        if phone is None and instance_name is None:
            raise ValueError("find_chip needs a phone or an instance name")
        live = _CHIPS.c.status != ChipStatus.CANCELLED.value
        with self._session() as session:
            if phone is not None:
                row = session.execute(_SELECT_CHIPS.where(live, _CHIPS.c.phone == phone)).first()
                if row is not None:
                    return _chip(row)
            if instance_name is not None:
                same_name = func.lower(_CHIPS.c.instance_name) == func.lower(instance_name)
                row = session.execute(_SELECT_CHIPS.where(live, same_name).order_by(_CHIPS.c.id)).first()
                if row is not None:
                    return _chip(row)
        return None

    def insert_chip(
        self,
        *,
        phone: str,
        instance_name: str,
        display_name: str | None,
        actor: Actor,
        connection_state: ConnectionState = ConnectionState.UNKNOWN,
        details: str | None = None,
    ) -> Chip:
        """Add a ``pending`` chip, not connected, at version 1, with its ``create`` audit event.

        Raises :class:`DuplicateChip` (``field`` ``"phone"`` or ``"instance_name"``) when a chip that is not
        cancelled already has the phone or the name (names compared without regard to letter case).
        """
        for name, value in (("phone", phone), ("instance_name", instance_name), ("display_name", display_name)):
            _check_text(name, value, nullable=name == "display_name", table=ChipRow)
        if not phone or not instance_name:
            raise ValueError("phone and instance_name must not be empty")
        state = ConnectionState(connection_state).value
        _check_actor(actor)

        def work(session: Session) -> Chip:
            now = datetime.now(UTC)
            row = ChipRow(
                phone=phone,
                instance_name=instance_name,
                display_name=display_name,
                status=ChipStatus.PENDING.value,
                evolution_connected=False,
                connection_state=state,
                created_at=now,
                updated_at=now,
                version=1,
            )
            session.add(row)
            session.flush()
            record_first_state(session, row.id, state, actor=actor, action="create", now=now)
            session.add(
                ChipEventRow(
                    chip_id=row.id,
                    at=now,
                    os_user=actor.os_user,
                    host=actor.host,
                    action="create",
                    status_before=None,
                    status_after=ChipStatus.PENDING.value,
                    details=details,
                )
            )
            session.flush()
            return self._load(session, row.id)

        return self._run_write(
            work,
            duplicate=lambda field: _duplicate_message(field, phone if field == "phone" else instance_name),
        )

    def update_chip(
        self,
        chip_id: int,
        *,
        expected_version: int | None,
        actor: Actor,
        action: str,
        details: str | None = None,
        **fields: object,
    ) -> Chip:
        """Change some columns of a chip and record the audit event, in one transaction.

        ``fields`` are among :data:`MUTABLE_FIELDS` (enums or their string values accepted); anything else
        raises ``ValueError``. The write is ``UPDATE ... WHERE id = :id AND version = :expected`` and bumps
        ``version`` and ``updated_at``: when someone else changed the chip since ``expected_version`` was
        read, nothing is written and :class:`ChipConflict` is raised. ``expected_version=None`` means "the
        version current when this call runs" — still one atomic read-and-write, never a blind overwrite.
        Only the given fields are written, so a status set by another system survives unless ``status``
        is among them.
        """
        values = _coerce_update(fields)
        _check_actor(actor)
        _check_text("action", action, nullable=False, table=ChipEventRow)

        def work(session: Session) -> Chip:
            # FOR UPDATE (PostgreSQL) / BEGIN IMMEDIATE (SQLite): the status read here for the audit event
            # is the one the update replaces, whoever else is writing.
            current = session.execute(
                select(ChipRow.version, ChipRow.status).where(ChipRow.id == chip_id).with_for_update()
            ).one_or_none()
            if current is None:
                raise ChipNotFound(f"No chip with id {chip_id}.")
            version = current.version if expected_version is None else expected_version
            if current.version != version:
                raise self._conflict(chip_id, version, current.version)
            now = datetime.now(UTC)
            record_transitions(session, [(chip_id, version + 1, values)], actor=actor, action=action, now=now)
            result = session.execute(
                update(ChipRow)
                .where(ChipRow.id == chip_id, ChipRow.version == version)
                .values(**values, updated_at=now, version=ChipRow.version + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                actual = session.scalar(select(ChipRow.version).where(ChipRow.id == chip_id))
                if actual is None:
                    raise ChipNotFound(f"No chip with id {chip_id}.")
                raise self._conflict(chip_id, version, actual)
            session.add(
                ChipEventRow(
                    chip_id=chip_id,
                    at=now,
                    os_user=actor.os_user,
                    host=actor.host,
                    action=action,
                    status_before=current.status,
                    status_after=values.get("status", current.status),
                    details=details,
                )
            )
            session.flush()
            return self._load(session, chip_id)

        return self._run_write(
            work,
            duplicate=lambda field: (
                f"Chip {chip_id} cannot be brought back: another chip that is not cancelled has its "
                f"{field.replace('_', ' ')}."
            ),
        )

    def update_chips(
        self,
        changes: Sequence[tuple[int, int | None, Mapping[str, object]]],
        *,
        actor: Actor,
        action: str,
        details: str | None = None,
        details_by_chip: Mapping[int, str | None] | None = None,
    ) -> ChipUpdates:
        """Apply ``update_chip`` to many chips in one transaction: ``changes`` holds (id, expected version, fields).

        Each chip is written as ``update_chip`` would write it (the given fields, ``version`` + 1, ``updated_at``,
        one audit event with the status before and after), with the same optimistic locking, but a stale
        version is not an error for the batch: that chip is left as it is and reported in ``conflicts``, the
        others are written. ``None`` as the expected version means "whatever version the chip has now". Raises
        :class:`ChipNotFound` (nothing written) when an id is unknown, ``ValueError`` for a field
        ``update_chip`` would refuse, :class:`DuplicateChip` when a status change clashes with a live chip.

        A fleet refresh that finds thousands of chips changed writes them in one transaction rather than one each.
        ``details_by_chip`` gives a chip its own details.
        """
        _check_actor(actor)
        _check_text("action", action, nullable=False, table=ChipEventRow)
        wanted = [(chip_id, expected, _coerce_update(fields)) for chip_id, expected, fields in changes]
        ids = [chip_id for chip_id, _expected, _values in wanted]
        if len(set(ids)) != len(ids):
            raise ValueError("update_chips got the same chip twice")
        if not wanted:
            return ChipUpdates((), ())

        def work(session: Session) -> ChipUpdates:
            # Locked as in update_chip (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE holds the whole file):
            # the versions and statuses read here are the ones the updates replace.
            current: dict[int, tuple[int, str]] = {}
            for first in range(0, len(ids), _IDS_PER_QUERY):
                chunk = ids[first : first + _IDS_PER_QUERY]
                query = select(ChipRow.id, ChipRow.version, ChipRow.status).where(ChipRow.id.in_(chunk))
                for chip_id, version, status in session.execute(query.with_for_update()):
                    current[chip_id] = (version, status)
            missing = [chip_id for chip_id in ids if chip_id not in current]
            if missing:
                raise ChipNotFound(f"No chip with id {missing[0]}.")
            now = datetime.now(UTC)
            conflicts: list[ChipConflict] = []
            # One executemany per set of columns: a refresh changes the same few columns on most chips.
            groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            events: list[dict[str, Any]] = []
            written: list[int] = []
            for chip_id, expected, values in wanted:
                version, status = current[chip_id]
                if expected is not None and expected != version:
                    conflicts.append(self._conflict(chip_id, expected, version))
                    continue
                columns = tuple(sorted(values))
                params = {f"new_{name}": value for name, value in values.items()}
                params.update(match_id=chip_id, match_version=version)
                groups.setdefault(columns, []).append(params)
                written.append(chip_id)
                events.append(
                    {
                        "chip_id": chip_id,
                        "at": now,
                        "os_user": actor.os_user,
                        "host": actor.host,
                        "action": action,
                        "status_before": status,
                        "status_after": values.get("status", status),
                        "details": details_by_chip.get(chip_id, details) if details_by_chip else details,
                    }
                )
            kept = set(written)
            record_transitions(
                session,
                [(chip_id, current[chip_id][0] + 1, values) for chip_id, _e, values in wanted if chip_id in kept],
                actor=actor,
                action=action,
                now=now,
            )
            for columns, rows in groups.items():
                statement = (
                    update(ChipRow)
                    .where(ChipRow.id == bindparam("match_id"), ChipRow.version == bindparam("match_version"))
                    .values(
                        {
                            **{name: bindparam(f"new_{name}") for name in columns},
                            "updated_at": now,
                            "version": ChipRow.version + 1,
                        }
                    )
                    .execution_options(synchronize_session=False)
                )
                # The rows are locked and their versions were just checked, so every one of them matches.
                session.connection().execute(statement, rows)
            if events:
                session.execute(insert(ChipEventRow), events)
            chips: dict[int, Chip] = {}
            for first in range(0, len(written), _IDS_PER_QUERY):
                chunk = written[first : first + _IDS_PER_QUERY]
                for row in session.execute(_SELECT_CHIPS.where(_CHIPS.c.id.in_(chunk))):
                    chip = _chip(row)
                    chips[chip.id] = chip
            return ChipUpdates(tuple(chips[chip_id] for chip_id in written), tuple(conflicts))

        return self._run_write(
            work,
            duplicate=lambda field: (
                f"A chip cannot be brought back: another chip that is not cancelled has its {field.replace('_', ' ')}."
            ),
        )

    @staticmethod
    def _load(session: Session, chip_id: int) -> Chip:
        row = session.execute(_SELECT_CHIPS.where(_CHIPS.c.id == chip_id)).one_or_none()
        if row is None:
            raise ChipNotFound(f"No chip with id {chip_id}.")
        return _chip(row)

    @staticmethod
    def _conflict(chip_id: int, expected: int, actual: int) -> ChipConflict:
        return ChipConflict(
            f"Chip {chip_id} was changed by someone else (version {actual}, expected {expected}); "
            "reload it and try again.",
            chip_id=chip_id,
            expected_version=expected,
            actual_version=actual,
        )

    # -- audit trail ----------------------------------------------------------------------------------

    def record_event(
        self,
        *,
        chip_id: int | None,
        actor: Actor,
        action: str,
        status_before: ChipStatus | None = None,
        status_after: ChipStatus | None = None,
        details: str | None = None,
    ) -> ChipEvent:
        """Add an audit event on its own (``chip_id`` None for an instance no chip knows)."""
        _check_actor(actor)
        _check_text("action", action, nullable=False, table=ChipEventRow)

        def work(session: Session) -> ChipEvent:
            if chip_id is not None and session.get(ChipRow, chip_id) is None:
                raise ChipNotFound(f"No chip with id {chip_id}.")
            row = ChipEventRow(
                chip_id=chip_id,
                at=datetime.now(UTC),
                os_user=actor.os_user,
                host=actor.host,
                action=action,
                status_before=_status_value(status_before),
                status_after=_status_value(status_after),
                details=details,
            )
            session.add(row)
            session.flush()
            return _event(row)

        return self._run_write(work)

    def list_events(
        self,
        *,
        chip_id: int | None = None,
        os_user: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[ChipEvent]:
        """Audit events, newest first, filtered by chip, OS user and ``since <= at < until``."""
        for name, bound in (("since", since), ("until", until)):
            if bound is not None and bound.tzinfo is None:
                raise ValueError(f"{name} must be a timezone-aware datetime")
        query = select(ChipEventRow).order_by(ChipEventRow.at.desc(), ChipEventRow.id.desc())
        if chip_id is not None:
            query = query.where(ChipEventRow.chip_id == chip_id)
        if os_user is not None:
            query = query.where(ChipEventRow.os_user == os_user)
        if since is not None:
            query = query.where(ChipEventRow.at >= since)
        if until is not None:
            query = query.where(ChipEventRow.at < until)
        if limit is not None:
            if limit < 0:
                raise ValueError("limit must not be negative")
            query = query.limit(limit)
        with self._session() as session:
            return [_event(row) for row in session.scalars(query)]
