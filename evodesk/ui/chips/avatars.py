"""Profile pictures in the chips table and the details panel, fetched lazily off the GUI thread.

Only the rows in view are wanted (recomputed a moment after a scroll, a filter or a sort stops), only connected
chips have a picture to fetch, and at most ``WORKERS`` jobs of the task runner's network pool fetch them, one
chip after another, through the disk cache (``AvatarCache``: fresh for a day, bounded downloads, failures
remembered). Painting reads a small in-memory map of scaled pictures and never touches the disk or the network.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget

from evodesk.domain import Chip, ConnectionState
from evodesk.services import AvatarCache, AvatarQueue, ChipSettingsService
from evodesk.ui.chips.model import CHIP_ROLE
from evodesk.ui.tasks.runner import TaskRunner

log = logging.getLogger("evodesk.ui.avatars")

# Jobs fetching pictures at once: few, so refreshes and the operator's actions always find a free thread.
WORKERS = 2
# How long the view must rest before the rows in view are asked for: a fast scroll asks for nothing.
SETTLE_MS = 150
# Pictures are decoded and shrunk to this size on the worker that fetched them (the details panel's is 72 px).
PREPARED_PX = 96
_PALETTE = ("#5b8def", "#36a97a", "#d9822b", "#a86fd6", "#d65b7a", "#4aa3b5")


class AvatarLoader(QObject):
    """The pictures of the chips: ``pixmap(chip_id, size)`` for painting, ``want(chips)`` for what is in view."""

    # A chip's picture arrived (or is known to be missing): repaint what shows it.
    pictureChanged = Signal(int)
    _fetched = Signal(str)

    def __init__(self, runner: TaskRunner, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.cache = AvatarCache(folder)
        self.queue = AvatarQueue(self.cache)
        self._service: ChipSettingsService | None = None
        self._pixmaps: dict[tuple[int, int], QPixmap | None] = {}
        self._running = 0
        self._wanted: list[str] = []
        # What the folder holds, listed once on a worker: painting a row never stats a file that is not there.
        self._on_disk: set[str] | None = None
        self._arrived: set[str] = set()
        # Decoded on the fetching worker: a full-size picture costs ~10 ms to decode on the window's thread.
        self._images: dict[str, QImage] = {}
        self._images_lock = threading.Lock()
        self._fetched.connect(self._on_fetched)

    def set_service(self, service: ChipSettingsService) -> None:
        """The backend is open: pictures can be fetched (pruning the expired ones first, on a worker)."""
        self._service = service
        self._runner.submit(self._list_folder, on_success=self._on_listed, owner=self)
        self._start()

    def _list_folder(self) -> set[str]:
        self.cache.prune()
        return self.cache.stems_on_disk()

    def _on_listed(self, stems: set[str]) -> None:
        self._on_disk = stems
        self._pixmaps.clear()
        self.pictureChanged.emit(-1)

    def pixmap(self, chip_id: int, size: int) -> QPixmap | None:
        """The chip's picture scaled to ``size`` (None without one yet); cheap after the first call."""
        key = (chip_id, size)
        if key not in self._pixmaps:
            stem = self.cache.stem_of(str(chip_id))
            if stem not in self._arrived and (self._on_disk is None or stem not in self._on_disk):
                return None
            with self._images_lock:
                image = self._images.get(str(chip_id))
            if image is not None:
                picture = QPixmap.fromImage(image)
            else:
                path = self.cache.cached(str(chip_id))
                picture = QPixmap(str(path)) if path is not None else QPixmap()
            self._pixmaps[key] = None if picture.isNull() else _rounded(picture, size)
        return self._pixmaps[key]

    def want(self, chips: Iterable[Chip]) -> None:
        """The chips in view now (top first): fetch the pictures of the connected ones that need it."""
        self._wanted = [str(chip.id) for chip in chips if chip.connection_state is ConnectionState.OPEN]
        self.queue.want(self._wanted)
        self._start()

    def _start(self) -> None:
        if self._service is None or not self._wanted:
            return
        while self._running < WORKERS:
            self._running += 1
            self._runner.submit(
                self._work, on_success=self._on_worker_done, on_error=self._on_worker_failed, owner=self
            )

    def _work(self) -> int:
        service = self._service
        assert service is not None
        fetched = 0
        while (key := self.queue.next_key()) is not None:
            try:
                self.cache.get(key, lambda key=key: service.picture_url(int(key)))  # type: ignore[misc]
                self._prepare(key)
            finally:
                self.queue.done(key)
            fetched += 1
            self._fetched.emit(key)
        return fetched

    def _prepare(self, key: str) -> None:
        path = self.cache.cached(key)
        if path is None:
            return
        image = QImage(str(path))
        if image.isNull():
            return
        if max(image.width(), image.height()) > PREPARED_PX:
            image = image.scaled(
                PREPARED_PX,
                PREPARED_PX,
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
        with self._images_lock:
            self._images[key] = image

    def _on_fetched(self, key: str) -> None:
        self._arrived.add(self.cache.stem_of(key))
        chip_id = int(key)
        for cached in [cached for cached in self._pixmaps if cached[0] == chip_id]:
            del self._pixmaps[cached]
        self.pictureChanged.emit(chip_id)

    def _on_worker_done(self, fetched: int) -> None:
        self._running -= 1
        if fetched:
            # Rows may have come into view while this worker was finishing: look once more.
            self.queue.want(self._wanted)
            self._start()

    def _on_worker_failed(self, error: BaseException) -> None:
        self._running -= 1
        log.info("profile pictures not fetched: %s", type(error).__name__)


class AvatarDelegate(QStyledItemDelegate):
    """Paints a chip's picture (or its initial on a colour) at the left of its cell, then the cell as usual."""

    def __init__(self, loader: AvatarLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loader = loader

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        chip = index.data(CHIP_ROLE)
        rect = QRect(option.rect)
        size = max(16, rect.height() - 8)
        if not isinstance(chip, Chip):
            super().paint(painter, option, index)
            return
        shifted = QStyleOptionViewItem(option)
        self.initStyleOption(shifted, index)
        # The selection and hover background spans the whole cell; the text moves right of the picture.
        style = shifted.widget.style() if shifted.widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, shifted, painter, shifted.widget)
        spot = QRect(rect.left() + 4, rect.top() + (rect.height() - size) // 2, size, size)
        paint_avatar(painter, spot, self._loader.pixmap(chip.id, size), chip)
        shifted.rect = rect.adjusted(size + 8, 0, 0, 0)
        super().paint(painter, shifted, index)


def paint_avatar(painter: QPainter, spot: QRect, picture: QPixmap | None, chip: Chip) -> None:
    """The picture in ``spot``, or the chip's initial on a colour of its own."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if picture is not None:
        painter.drawPixmap(spot, picture)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(_PALETTE[chip.id % len(_PALETTE)]))
        painter.drawEllipse(spot)
        painter.setPen(QColor("white"))
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(max(8, spot.height() // 2))
        painter.setFont(font)
        painter.drawText(spot, Qt.AlignmentFlag.AlignCenter, initial(chip))
    painter.restore()


def initial(chip: Chip) -> str:
    name = (chip.profile_name or chip.instance_name or "?").strip()
    return (name[:1] or "?").upper()


def avatar_pixmap(loader: AvatarLoader | None, chip: Chip, size: int) -> QPixmap:
    """A ``size`` square picture of the chip (its photo or its initial), for a label."""
    picture = QPixmap(size, size)
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    paint_avatar(painter, QRect(0, 0, size, size), loader.pixmap(chip.id, size) if loader else None, chip)
    painter.end()
    return picture


def _rounded(picture: QPixmap, size: int) -> QPixmap:
    scaled = picture.scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatioByExpanding, Qt.TransformationMode.SmoothTransformation
    )
    result = QPixmap(size, size)
    result.fill(Qt.GlobalColor.transparent)
    painter = QPainter(result)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addEllipse(QRectF(0, 0, size, size))
    painter.setClipPath(path)
    painter.drawPixmap((size - scaled.width()) // 2, (size - scaled.height()) // 2, scaled)
    painter.end()
    return result


class VisibleRows(QObject):
    """Tells ``loader`` which chips are in ``table``'s view once scrolling, filtering or sorting has settled."""

    def __init__(self, table: QTableView, loader: AvatarLoader) -> None:
        super().__init__(table)
        self._table = table
        self._loader = loader
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.update)
        table.verticalScrollBar().valueChanged.connect(self.schedule)
        model = table.model()
        for signal in (model.layoutChanged, model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.schedule)
        loader.pictureChanged.connect(lambda _chip_id: table.viewport().update())

    def schedule(self, *_args: object) -> None:
        self._timer.start()

    def chips_in_view(self) -> list[Chip]:
        table = self._table
        model = table.model()
        count = model.rowCount()
        if count == 0:
            return []
        top = max(0, table.rowAt(0))
        bottom = table.rowAt(table.viewport().height() - 1)
        bottom = count - 1 if bottom < 0 else bottom
        chips = [model.index(row, 0).data(CHIP_ROLE) for row in range(top, bottom + 1)]
        return [chip for chip in chips if isinstance(chip, Chip)]

    def update(self) -> None:
        self._loader.want(self.chips_in_view())
