"""A QR code drawn as crisp dark modules on white, whatever the theme and the screen scale.

The server's PNG is small (4 px per module) and green; scaling it blurs the edges phone cameras rely on.
Rendering the payload ourselves gives whole device pixels per module at any size and devicePixelRatio.
Encoding a payload is about 20 ms of pure Python: ``QrEncoder`` does it in slices between other events, and
``set_code`` then finds it cached.
"""

from __future__ import annotations

import base64
import binascii
import logging
import math
from collections import OrderedDict
from collections.abc import Callable, Generator
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QObject, QPointF, QRect, QRectF, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

log = logging.getLogger("evodesk.ui.qr")

# Modules of white around the code; the QR specification asks for four.
QUIET_ZONE = 4
# Large enough to scan from a workstation screen at arm's length.
MINIMUM_SIDE = 300

_DARK = QColor(0, 0, 0)
_LIGHT = QColor(255, 255, 255)
_PLACEHOLDER_TEXT = QColor(70, 70, 70)
_SUCCESS_TEXT = QColor(27, 127, 59)

# The capacity of the largest QR code (version 40, byte mode, lowest error correction).
MAX_QR_BYTES = 2953


def _encoding_steps(payload: str) -> Generator[None, None, list[list[bool]]]:
    """Encode ``payload`` as ``QRCode.make(fit=True)`` does, yielding between slices of a few milliseconds.

    Medium error correction keeps the modules larger than the server's level H for the same payload, which
    helps the phone's camera; the payload is the same, so the phone reads the same link. Returns the module
    matrix (True = dark), without a quiet zone.
    """
    # Imported here, not with this module: the package pulls in Pillow for its image classes (about 20 ms).
    import qrcode
    import qrcode.util

    yield
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.best_fit()
    yield
    # qrcode's best_mask_pattern, one mask a slice: each lays out the whole code and scores it (2-3 ms at the
    # size of a WhatsApp payload, about 20 ms for all eight).
    best, lowest = 0, 0
    for mask in range(8):
        code.makeImpl(True, mask)
        lost = qrcode.util.lost_point(code.modules)
        if mask == 0 or lost < lowest:
            best, lowest = mask, lost
        yield
    code.makeImpl(False, best)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def qr_matrix(payload: str) -> list[list[bool]]:
    """The module matrix of ``payload`` (True = dark), without a quiet zone, encoded in one go."""
    steps = _encoding_steps(payload)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            matrix: list[list[bool]] = done.value
            return matrix


@dataclass(frozen=True, slots=True)
class EncodedQr:
    """A payload's modules as 8-bit grey pixels, one per module: 0 dark, 255 light, rows 32-bit aligned."""

    side: int
    stride: int
    pixels: bytes

    def image(self) -> QImage:
        """One pixel per module, black on white (scaled later without smoothing)."""
        image = QImage(self.pixels, self.side, self.side, self.stride, QImage.Format.Format_Grayscale8)
        # copy() detaches the image from the bytes, which the cache may drop at any time.
        return image.copy()


def _pack(matrix: list[list[bool]]) -> EncodedQr:
    side = len(matrix)
    stride = (side + 3) // 4 * 4  # QImage rows are 32-bit aligned
    data = bytearray(b"\xff" * (stride * side))
    for y, row in enumerate(matrix):
        base = y * stride
        for x, dark in enumerate(row):
            if dark:
                data[base + x] = 0
    return EncodedQr(side, stride, bytes(data))


def _fits(payload: str) -> bool:
    return len(payload.encode("utf-8", errors="replace")) <= MAX_QR_BYTES


# Encoding a payload takes about 20 ms of pure Python. A dialog shows the same payload for many polls and
# repaints, several dialogs may be open, and a payload encoded in steps must be found by set_code afterwards:
# the latest ones are kept. Used on the GUI thread only.
_CACHE_SIZE = 32
# payload -> its modules, or None when qrcode cannot encode it
_encoded: OrderedDict[str, EncodedQr | None] = OrderedDict()


def _remember(payload: str, encoded: EncodedQr | None) -> None:
    _encoded[payload] = encoded
    _encoded.move_to_end(payload)
    while len(_encoded) > _CACHE_SIZE:
        _encoded.popitem(last=False)


def _failed() -> None:
    # A payload qrcode cannot encode: the widget falls back to the server's image.
    log.exception("cannot render the QR payload; using the server's image")


def encode_qr(payload: str) -> EncodedQr | None:
    """The modules of ``payload``, or None when no QR code can hold it; cached, encoded now when needed."""
    if not _fits(payload):
        return None  # not cached: the payload may be huge, and the check is cheap
    if payload in _encoded:
        _encoded.move_to_end(payload)
        return _encoded[payload]
    encoded: EncodedQr | None
    try:
        encoded = _pack(qr_matrix(payload))
    except Exception:
        _failed()
        encoded = None
    _remember(payload, encoded)
    return encoded


def qr_ready(payload: str) -> bool:
    """True when ``encode_qr(payload)`` returns at once (encoded already, or too long for any QR code)."""
    return not _fits(payload) or payload in _encoded


class QrEncoder(QObject):
    """Encodes payloads for ``set_code`` in slices of a few milliseconds on the GUI thread, one at a time.

    Encoding in one go stalls the GUI thread for about 20 ms; a worker thread would not help, as the encoding
    is pure Python and would hold the interpreter lock that every Qt callback into Python needs meanwhile.
    Nothing is called back once the encoder (or its parent) is destroyed.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._payload = ""
        self._steps: Generator[None, None, list[list[bool]]] | None = None
        self._then: Callable[[], None] | None = None
        # A zero timer: one slice per pass of the event loop, after the events already waiting.
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    @property
    def busy(self) -> bool:
        """True while a payload is being encoded."""
        return self._steps is not None

    def encode(self, payload: str, then: Callable[[], None]) -> None:
        """Encode ``payload``, then call ``then()`` (at once when ready already); replaces one in progress."""
        self._timer.stop()
        self._steps = None
        self._then = None
        if qr_ready(payload):
            then()
            return
        self._payload = payload
        self._steps = _encoding_steps(payload)
        self._then = then
        self._timer.start()

    @Slot()
    def _step(self) -> None:
        steps, then = self._steps, self._then
        if steps is None or then is None:
            self._timer.stop()
            return
        encoded: EncodedQr | None
        try:
            next(steps)
            return
        except StopIteration as done:
            encoded = _pack(done.value)
        except Exception:
            _failed()
            encoded = None
        self._timer.stop()
        self._steps = None
        self._then = None
        _remember(self._payload, encoded)
        then()


class QrCodeWidget(QWidget):
    """Shows a QR payload (or the server's PNG when there is no payload) as a large, sharp, scannable code.

    The code sits on a white square (its quiet zone included) whatever the theme, so it stays dark-on-white in
    dark themes too; its ``grab()`` decodes to the payload. Without a payload the square holds a sentence.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qrImage")
        self.setMinimumSize(MINIMUM_SIDE, MINIMUM_SIDE)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._payload: str | None = None
        self._matrix_image: QImage | None = None
        self._fallback: QImage | None = None
        self._placeholder = ""
        self._tone = "muted"
        self._cache_key: tuple[int, int] | None = None
        self._cache: QImage | None = None

    # -- content ---------------------------------------------------------------------------------------

    @property
    def payload(self) -> str | None:
        """The payload being shown, or None (placeholder or server PNG)."""
        return self._payload

    @property
    def has_code(self) -> bool:
        """True when a QR (rendered or the server's PNG) is on screen."""
        return self._matrix_image is not None or self._fallback is not None

    @property
    def module_count(self) -> int:
        """Modules per side of the rendered code (0 when none is rendered)."""
        return self._matrix_image.width() if self._matrix_image is not None else 0

    @property
    def placeholder(self) -> str:
        """The sentence shown when there is no code."""
        return self._placeholder

    def set_code(self, code: str | None, png_base64: str | None = None) -> None:
        """Show ``code``; without one, the server's PNG; without either, keep the current placeholder."""
        if code and code == self._payload and self._matrix_image is not None:
            return
        self._reset()
        if code and not _fits(code):
            # No QR code holds this much; encoding it anyway would stall the GUI thread for seconds.
            log.warning("QR payload of %d characters is too long to draw; using the server's image", len(code))
            code = None
        # Usually encoded already, in slices, by the dialog's QrEncoder; otherwise it is encoded here in one go.
        encoded = encode_qr(code) if code else None
        if encoded is not None:
            self._matrix_image = encoded.image()
            self._payload = code
        if self._matrix_image is None and png_base64:
            self._fallback = self._decode_png(png_base64)
        self._update_accessibility()
        self.update()

    def show_placeholder(self, text: str, *, tone: str = "muted") -> None:
        """Remove any code and show ``text`` centred on white; ``tone`` "success" shows it large and green."""
        self._reset()
        self._placeholder = text
        self._tone = tone
        self._update_accessibility()
        self.update()

    def _reset(self) -> None:
        self._payload = None
        self._matrix_image = None
        self._fallback = None
        self._cache = None
        self._cache_key = None

    @staticmethod
    def _decode_png(png_base64: str) -> QImage | None:
        try:
            raw = base64.b64decode(png_base64, validate=False)
        except (binascii.Error, ValueError):
            return None
        image = QImage.fromData(QByteArray(raw))
        if image.isNull():
            return None
        # The server draws in its QRCODE_COLOR (green by default); thresholding makes it pure black on white.
        return image.convertToFormat(
            QImage.Format.Format_Mono,
            Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.MonoOnly,
        ).convertToFormat(QImage.Format.Format_RGB32)

    def _update_accessibility(self) -> None:
        if self.has_code:
            self.setAccessibleName(self.tr("QR code to scan with WhatsApp"))
        else:
            self.setAccessibleName(self._placeholder)

    # -- geometry --------------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        """Comfortably above the minimum: about 9 mm per 100 px on an ordinary screen."""
        return QSize(360, 360)

    def minimumSizeHint(self) -> QSize:
        """Never smaller than a scannable size."""
        return QSize(MINIMUM_SIDE, MINIMUM_SIDE)

    def hasHeightForWidth(self) -> bool:
        """The code is square."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Square."""
        return max(width, MINIMUM_SIDE)

    # -- painting --------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint a white square (the code and its quiet zone), then the code in whole device pixels per module."""
        painter = QPainter(self)
        try:
            ratio = self.devicePixelRatioF()
            device_w = math.floor(self.width() * ratio)
            device_h = math.floor(self.height() * ratio)
            side = min(device_w, device_h)
            # Offsets in whole device pixels, so module edges land on pixel boundaries at any scale.
            left = (device_w - side) // 2
            top = (device_h - side) // 2
            square = QRectF(left / ratio, top / ratio, side / ratio, side / ratio)
            painter.fillRect(square, _LIGHT)
            image = self._scaled_image()
            if image is None:
                self._paint_placeholder(painter, square.toAlignedRect())
                return
            x = (device_w - image.width()) // 2
            y = (device_h - image.height()) // 2
            painter.drawImage(QPointF(x / ratio, y / ratio), image)
        finally:
            painter.end()

    def _scaled_image(self) -> QImage | None:
        source = self._matrix_image if self._matrix_image is not None else self._fallback
        if source is None:
            return None
        ratio = self.devicePixelRatioF()
        side = math.floor(min(self.width(), self.height()) * ratio)
        key = (side, round(ratio * 1000))
        if self._cache is not None and self._cache_key == key:
            return self._cache
        # The rendered matrix needs a quiet zone around it; the server's PNG already has its own margin.
        units = source.width() + (2 * QUIET_ZONE if self._matrix_image is not None else 0)
        # Whole device pixels per module; only a server PNG larger than the widget is shrunk (edges stay hard).
        target = source.width() * (side // units) if units <= side else side
        image = source.scaled(
            target,
            target,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.FastTransformation,  # nearest neighbour: no grey edges
        )
        image.setDevicePixelRatio(ratio)
        self._cache, self._cache_key = image, key
        return image

    def _paint_placeholder(self, painter: QPainter, square: QRect) -> None:
        if not self._placeholder:
            return
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * (1.6 if self._tone == "success" else 1.3))
        font.setBold(self._tone == "success")
        painter.setFont(font)
        painter.setPen(_SUCCESS_TEXT if self._tone == "success" else _PLACEHOLDER_TEXT)
        area = square.adjusted(24, 24, -24, -24)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self._placeholder)
