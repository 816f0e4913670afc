"""Security: the API key stays secret, TLS is verified, plain http to another machine is flagged, and an instance
name can never reach another route.

Unit-level checks already exist (tests/test_client.py::test_the_key_never_shows with a server echoing the key,
tests/test_logs_and_secrets.py for the log filter); here a full window run is searched end to end.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import secrets
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QStatusBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from evodesk.config import Paths, Settings, is_loopback_host
from evodesk.domain import Actor
from evodesk.evolution import EvolutionClient, EvolutionError, EvolutionUnavailable, InstanceNotFound
from evodesk.logs import setup_logging
from evodesk.services import InstanceManager
from evodesk.simulator import Simulator
from evodesk.store import open_store
from evodesk.ui.dialogs.settings import SettingsDialog
from evodesk.ui.tasks.runner import TaskRunner
from helpers import answer_confirmation, select, take_error_box, wait_synced

from .conftest import Ledger

pytestmark = pytest.mark.reliability

CAT = "security"
ANA = Actor("ana", "desk-1")


# -- the API key never shows --------------------------------------------------------------------------------


def widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """Every piece of text a widget shows or exposes (tooltips, accessibility), except a masked password."""
    name = f"{type(widget).__name__}#{widget.objectName()}"
    for attribute in ("windowTitle", "toolTip", "statusTip", "whatsThis", "accessibleName", "accessibleDescription"):
        yield name + "." + attribute, getattr(widget, attribute)()
    if isinstance(widget, QLabel):
        yield name + ".text", widget.text()
    if isinstance(widget, QLineEdit):
        yield name + ".placeholderText", widget.placeholderText()
        if widget.echoMode() is QLineEdit.EchoMode.Normal:
            yield name + ".text", widget.text()
    if isinstance(widget, QAbstractButton):
        yield name + ".text", widget.text()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        yield name + ".plainText", widget.toPlainText()
    if isinstance(widget, QMessageBox):
        yield name + ".text", widget.text()
        yield name + ".informativeText", widget.informativeText()
        yield name + ".detailedText", widget.detailedText()
    if isinstance(widget, QStatusBar):
        yield name + ".currentMessage", widget.currentMessage()
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield f"{name}.item{index}", widget.itemText(index)
    if isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield f"{name}.tab{index}", widget.tabText(index) + widget.tabToolTip(index)
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        for row in range(model.rowCount(QModelIndex())):
            for column in range(model.columnCount(QModelIndex())):
                cell = model.index(row, column)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    yield f"{name}[{row},{column}]", str(model.data(cell, role) or "")
    for action in widget.actions():
        yield f"{name}.action", action.text() + action.toolTip() + action.statusTip()


def leaks(key: str, texts: Iterator[tuple[str, str]]) -> list[str]:
    # The whole key, and its middle half (a key cut by an ellipsis or a wrapped line is still a leak).
    middle = key[len(key) // 4 : -len(key) // 4]
    return [where for where, text in texts if key in text or middle in text]


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    setup_logging(folder, debug=True)
    yield folder
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_evodesk", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.WARNING)


@pytest.mark.gui
def test_the_api_key_is_never_in_logs_exceptions_or_window_text(
    qtbot: Any,
    sim_factory: Callable[..., Simulator],
    tmp_path: Path,
    log_dir: Path,
    open_window: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    ledger: Ledger,
) -> None:
    key = "evo-" + secrets.token_hex(20)
    sim = sim_factory(api_key=key, delete_delay=0.1)
    url = f"sqlite:///{tmp_path / 'chips.sqlite3'}"
    seen_errors: list[BaseException] = []
    original = TaskRunner._deliver

    def deliver(self: TaskRunner, job_id: int, ok: bool, payload: object) -> None:
        if isinstance(payload, BaseException):
            seen_errors.append(payload)
        original(self, job_id, ok, payload)

    monkeypatch.setattr(TaskRunner, "_deliver", deliver)
    with open_store(url) as store, EvolutionClient(sim.url, key) as client:
        manager = InstanceManager(client, store, actor=ANA)
        live = manager.create("11 98765-5001", "sec-01")[0]
        sim.simulate_scan("sec-01", profile_name="Loja Segura")
        manager.create("11 98765-5002", "sec-02")
        manager.sync()

        window = open_window(sim.url, key, url)
        wait_synced(qtbot, window)
        # Ordinary work: refreshes, an action, the QR dialog, the settings dialog.
        select(qtbot, window, window.model.chip_by_id(live.id) or live)
        window.restartAction.trigger()
        qtbot.waitUntil(lambda: "restarted" in window.statusBar().currentMessage(), timeout=5000)
        # Faults: a server error, a refused key, an unreachable server; each leaves messages on screen.
        sim.set_faults(mode="5xx", fail_rate=1.0)
        window.refresh_now()
        qtbot.waitUntil(window.apiStatusBanner.isVisible, timeout=5000)
        sim.set_faults(mode="none", fail_rate=0.0)
        sim.restart(reload=True, api_key="another-key-entirely")
        window.retry_now()
        qtbot.waitUntil(lambda: "refused the API key" in window.apiStatusBanner.titleLabel.text(), timeout=5000)
        answer_confirmation(accept=True)
        window.disconnectAction.trigger()
        take_error_box(qtbot, window)
        sim.restart(reload=True, api_key=key)
        window.retry_now()
        qtbot.waitUntil(lambda: not window.apiStatusBanner.isVisible(), timeout=5000)
        window.open_settings()
        settings_dialog = window.findChild(QDialog, "SettingsDialog")
        assert settings_dialog is not None
        key_edit = settings_dialog.findChild(QLineEdit, "apiKeyEdit")
        assert key_edit is not None and key_edit.echoMode() is QLineEdit.EchoMode.Password
        waiting = window.model.chip_by_id(live.id + 1)
        assert waiting is not None
        select(qtbot, window, waiting)
        window.reconnectAction.trigger()
        qtbot.waitUntil(lambda: window.findChild(QDialog, "QrCodeDialog") is not None, timeout=5000)
        # Exceptions raised straight from the services count too.
        for call in (
            lambda: EvolutionClient(sim.url, "wrong-" + key[4:]).fetch_instances(),
            lambda: EvolutionClient(sim.url.replace(str(sim.port), "9"), key, timeout=0.5).fetch_instances(),
            lambda: EvolutionClient(sim.url, key + " with a space"),
        ):
            try:
                call()
            except EvolutionError as exc:
                seen_errors.append(exc)

        texts = [item for widget in QApplication.allWidgets() for item in widget_texts(widget)]
        assert len(texts) > 200, "the walk found too little text to be meaningful"
        assert leaks(key, iter(texts)) == []
        for error in seen_errors:
            assert leaks(key, iter([("exception", f"{error!s} {error!r} {error.args!r}")])) == [], type(error)
            if isinstance(error, EvolutionError):
                assert key not in (error.server_message or "")
        assert len(seen_errors) >= 5
        window.close()

    log_files = list(log_dir.glob("*.log*"))
    log_text = "".join(path.read_text(encoding="utf-8", errors="replace") for path in log_files)
    assert "GET /instance/fetchInstances" in log_text, "the log file did not record the run"
    assert leaks(key, iter([("log", log_text)])) == []
    for path in (tmp_path / "home").rglob("*"):
        if path.is_file():
            assert key not in path.read_text(encoding="utf-8", errors="replace"), path
    out, err = capfd.readouterr()
    assert key not in out and key not in err
    ledger.add(
        CAT,
        key_search_widget_texts=len(texts),
        key_search_exceptions=len(seen_errors),
        key_search_log_bytes=len(log_text),
        key_leaks=0,
    )


# -- TLS ------------------------------------------------------------------------------------------------------


@dataclass
class Pki:
    ca: Path
    other_ca: Path
    context: ssl.SSLContext
    # A certificate from the same CA that names only "localhost", not 127.0.0.1.
    localhost_only: ssl.SSLContext


def _ca(name: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """A private CA, a server certificate for 127.0.0.1 and localhost signed by it, and an unrelated CA."""
    folder = tmp_path_factory.mktemp("pki")
    ca_key, ca_cert = _ca("evodesk test CA")
    _other_key, other_cert = _ca("some other CA")
    (folder / "ca.pem").write_bytes(_pem(ca_cert))
    (folder / "other-ca.pem").write_bytes(_pem(other_cert))

    def server_context(stem: str, names: list[x509.GeneralName]) -> ssl.SSLContext:
        server_key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        server_cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "evolution.test")]))
            .issuer_name(ca_cert.subject)
            .public_key(server_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        (folder / f"{stem}.pem").write_bytes(_pem(server_cert) + _pem(ca_cert))
        (folder / f"{stem}.key").write_bytes(
            server_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(folder / f"{stem}.pem", folder / f"{stem}.key")
        return context

    loopback = x509.IPAddress(ipaddress.ip_address("127.0.0.1"))
    both = server_context("server", [x509.DNSName("localhost"), loopback])
    localhost_only = server_context("localhost-only", [x509.DNSName("localhost")])
    return Pki(folder / "ca.pem", folder / "other-ca.pem", both, localhost_only)


@pytest.fixture
def https_sim(pki: Pki, sim_factory: Callable[..., Simulator]) -> Simulator:
    sim = sim_factory(api_key="tls-key-123456", ssl_context=pki.context)
    assert sim.url.startswith("https://127.0.0.1:")
    return sim


def test_a_self_signed_server_is_refused_unless_its_ca_is_configured(
    https_sim: Simulator,
    pki: Pki,
    sim_factory: Callable[..., Simulator],
    monkeypatch: pytest.MonkeyPatch,
    ledger: Ledger,
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    refusals = 0
    for verify in (True, str(pki.other_ca)):
        with (
            EvolutionClient(https_sim.url, "tls-key-123456", timeout=3, verify=verify) as client,
            pytest.raises(EvolutionUnavailable) as caught,
        ):
            client.server_info()
        assert "certificate" in caught.value.message.lower(), caught.value.message
        refusals += 1
    # A certificate from the right CA that does not name the address the client used is refused too.
    misnamed = sim_factory(api_key="tls-key-123456", ssl_context=pki.localhost_only)
    with (
        EvolutionClient(misnamed.url, "tls-key-123456", timeout=3, verify=str(pki.ca)) as client,
        pytest.raises(EvolutionUnavailable) as caught,
    ):
        client.server_info()
    assert "certificate" in caught.value.message.lower(), caught.value.message
    refusals += 1
    assert https_sim.instance_names() == [] and misnamed.request_count == 0  # nothing reached the API
    with EvolutionClient(https_sim.url, "tls-key-123456", verify=str(pki.ca)) as client:
        assert client.server_info().version == "2.3.7"
        client.create_instance("tls-01")
        assert [info.name for info in client.fetch_instances()] == ["tls-01"]
    with EvolutionClient(https_sim.url.replace("127.0.0.1", "localhost"), "tls-key-123456", verify=str(pki.ca)) as c:
        assert [info.name for info in c.fetch_instances()] == ["tls-01"]
    ledger.add(CAT, tls_refusals=refusals, tls_accepted_with_ca=2)


@pytest.mark.gui
def test_the_window_refuses_an_unverified_server_and_uses_a_configured_ca(
    qtbot: Any, https_sim: Simulator, pki: Pki, tmp_path: Path, open_window: Callable[..., Any], ledger: Ledger
) -> None:
    url = f"sqlite:///{tmp_path / 'chips.sqlite3'}"
    window = open_window(https_sim.url, "tls-key-123456", url, home=tmp_path / "plain")
    qtbot.waitUntil(window.apiStatusBanner.isVisible, timeout=10000)
    assert window.apiStatusBanner.titleLabel.text() == "The Evolution API server cannot be reached"
    assert "certificate" in window.apiStatusBanner.reasonLabel.text().lower()
    window.close()
    window = open_window(
        https_sim.url, "tls-key-123456", url, home=tmp_path / "with-ca", settings={"server/ca_bundle": str(pki.ca)}
    )
    wait_synced(qtbot, window)
    assert not window.apiStatusBanner.isVisible()
    qtbot.waitUntil(lambda: window.backend.server_info is not None, timeout=5000)
    ledger.add(CAT, tls_refusals=1, tls_accepted_with_ca=1)


# -- plain http to another machine --------------------------------------------------------------------------

LOOPBACK = [
    ("http://127.0.0.1:8080", True),
    ("http://127.0.0.2", True),
    ("http://localhost:8080", True),
    ("http://LOCALHOST", True),
    ("http://[::1]:8080", True),
    ("http://evolution.example.com", False),
    ("http://10.0.0.5:8080", False),
    ("http://192.168.0.10", False),
    ("http://0.0.0.0:8080", False),
    ("http://127.0.0.1.nip.io", False),
    ("http://localhost.evil.example", False),
    ("http://evil.example/127.0.0.1", False),
    ("http://[::ffff:10.0.0.1]", False),
    ("http://2130706433", False),
]


@pytest.mark.parametrize(("url", "loopback"), LOOPBACK)
def test_loopback_detection_never_calls_another_machine_local(url: str, loopback: bool) -> None:
    assert is_loopback_host(url) is loopback


@pytest.mark.gui
@pytest.mark.parametrize(
    ("typed", "warned"),
    [
        ("  http://evolution.example.com/  ", True),
        ("HTTP://evolution.example.com", True),
        ("http://[::1]:8080", False),
        ("http://127.0.0.1.nip.io:8080", True),
        ("https://10.0.0.5:8443", False),
    ],
)
def test_the_settings_dialog_warns_about_plain_http_to_another_machine(
    qtbot: Any, tmp_path: Path, typed: str, warned: bool, ledger: Ledger
) -> None:
    runner = TaskRunner(network_threads=1)
    try:
        dialog = SettingsDialog(Paths.under(tmp_path / "home"), Settings(), runner=runner)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.serverUrlEdit.setText(typed)
        assert dialog.httpWarningLabel.isVisible() is warned
        if warned:
            assert "unencrypted" in dialog.httpWarningLabel.text()
    finally:
        assert runner.shutdown(5000)
    ledger.add(CAT, http_warning_checks=1)


# -- instance names never reach another route ---------------------------------------------------------------

ESCAPES = [
    "../instance/delete/victim",
    "..%2Finstance%2Fdelete%2Fvictim",
    "a/b",
    "victim/",
    "/victim",
    "%2F",
    "%2e%2e",
    "..",
    ".",
    "?x=1",
    "victim?instanceName=victim",
    "#frag",
    "victim#",
    "victim\\..\\x",
    " victim",
    "victim%00",
    "vict%69m",
]


def test_instance_names_are_one_path_segment_and_touch_no_other_instance(
    sim_factory: Callable[..., Simulator], ledger: Ledger
) -> None:
    sim = sim_factory(api_key="route-key-123456", delete_delay=0.0)
    with EvolutionClient(sim.url, "route-key-123456") as client:
        for name in ("victim", "instance", "delete", "a", "x"):
            client.create_instance(name)
        sim.simulate_scan("victim")
        before = {name: sim.state_of(name) for name in sim.instance_names()}
        calls: dict[str, Callable[[str], object]] = {
            "connect": client.connect,
            "connectionState": client.connection_state,
            "logout": client.logout,
            "delete": client.delete,
            "restart": client.restart,
        }
        tried = 0
        for name in ESCAPES:
            for route, call in calls.items():
                sim.reset_stats()
                with pytest.raises(InstanceNotFound):
                    call(name)
                # (restart first asks GET / for the server's version, once)
                ((_at, _method, path),) = [r for r in sim.requests() if r[2].startswith("/instance/")]
                prefix = f"/instance/{route}/"
                assert path.startswith(prefix), path
                segment = path[len(prefix) :]
                assert "/" not in segment and "?" not in segment and "#" not in segment, path
                assert unquote(segment) == name, (name, path)
                tried += 1
            with pytest.raises(InstanceNotFound):
                client.fetch_instances(name)
            tried += 1
        assert {name: sim.state_of(name) for name in sim.instance_names()} == before
        assert sim.state_of("victim") == "open"

        # The server takes any name; such instances are then addressed exactly, and only them.
        for name in ESCAPES:
            client.create_instance(name, qrcode=False)
        for name in ESCAPES:
            assert client.connection_state(name).value == "close", name
            client.delete(name)
        assert sorted(sim.instance_names()) == sorted(before)
        assert {name: sim.state_of(name) for name in sim.instance_names()} == before
    ledger.add(CAT, route_escape_names=len(ESCAPES), route_escape_requests=tried + 2 * len(ESCAPES))
