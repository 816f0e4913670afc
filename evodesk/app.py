"""Composition root: command line, QApplication, translations, logging, excepthook and the main window.

``open_main_window(argv)`` builds what ``evodesk`` builds for those arguments and returns the shown window
without entering the event loop (in-process GUI tests use it); ``main()`` adds the process-wide hooks (logging
to a file, Qt messages into logging, the excepthook) and runs the event loop.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from evodesk import __version__, config
from evodesk.config import ConfigError, Paths, Settings, load_settings, normalise_lang, resolve_paths
from evodesk.logs import hold_records, holding_records, redactor, release_held_records, setup_logging
from evodesk.secrets import ApiKeyStore
from evodesk.secrets import with_stored_key as secrets_with_stored_key
from evodesk.ui.shared.hooks import excepthook, qt_message, thread_excepthook, warnings_to_stderr
from evodesk.ui.tasks.runner import TaskRunner
from evodesk.ui.window.main_window import MainWindow

if TYPE_CHECKING:
    # Types only: the services and the simulator load after the window's frame has painted (or never).
    from evodesk.services import InstanceManager, LiveFleet
    from evodesk.simulator import Simulator

log = logging.getLogger("evodesk")

_CTX = "App"
SMOKE_TEST_DEADLINE = 15.0
JOURNAL_FILE = "pending-creates.json"
_WINDOW_ATTR = "evodesk_main_window"
_TRANSLATORS_ATTR = "evodesk_translators"
# With this environment variable set to 1, ``evodesk`` prints ``first-paint <time.monotonic()>`` once the main
# window has painted and ``complete-paint <...>`` once it has painted complete, then quits: how ``bench/`` times
# the start (the clock is shared by every process).
EXIT_AFTER_PAINT_ENV = "EVODESK_EXIT_AFTER_PAINT"


class StartupCancelled(Exception):
    """The operator closed the first-run settings without configuring a server: there is nothing to open."""


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


# -- command line ------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The ``evodesk`` command line (design.md section 3)."""
    parser = argparse.ArgumentParser(
        prog="evodesk",
        description="Run a fleet of WhatsApp numbers on an Evolution API server from one desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"evodesk {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start the built-in simulator and a fresh database in a temporary folder, and open the window on them",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="check that everything evodesk needs works, then exit (0 = fine; otherwise one line says why)",
    )
    parser.add_argument("--data-dir", metavar="PATH", help="keep settings, database and logs here (EVODESK_HOME)")
    parser.add_argument("--database-url", metavar="URL", help="sqlite:///PATH or postgresql://USER@HOST/DB")
    parser.add_argument("--lang", metavar="LANG", help="interface language: pt_BR or en")
    parser.add_argument("--api-url", metavar="URL", help="Evolution API server (EVOLUTION_API_URL)")
    parser.add_argument("--api-key", metavar="KEY", help="Evolution API global key (EVOLUTION_API_KEY)")
    config.add_live_arguments(parser)
    return parser


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv`` (without the program name); ``--lang`` is checked here so a typo fails at once."""
    parser = build_parser()
    # Qt may add its own options (-platform, -style...) to sys.argv; ignore what is not ours.
    args, _unknown = parser.parse_known_args(list(argv) if argv is not None else sys.argv[1:])
    if args.lang:
        try:
            args.lang = normalise_lang(args.lang)
        except ConfigError as exc:
            parser.error(str(exc))
    return args


# -- Qt application, translations ------------------------------------------------------------------------


def ensure_application() -> QApplication:
    """The existing QApplication (tests, a second window) or a new one."""
    app = QApplication.instance()
    if app is None:
        # Qt takes its own options (-platform, -style, ...) from argv; ours are ignored by it.
        app = QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("evodesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("evodesk")
    app.setDesktopFileName("evodesk")
    icon = _resource_dir() / "icons" / "evodesk.svg"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    return app


def _resource_dir() -> Path:
    # A frozen bundle puts resources next to the executable's data; a source tree has them at the top.
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def install_translations(app: QApplication, lang: str | None, system: QLocale | None = None) -> str:
    """Install Qt's and evodesk's translations; returns the interface language, ``"pt_BR"`` or ``"en"``.

    ``lang`` (``--lang`` or the settings file) wins. Otherwise the first Portuguese or English language among the
    system's UI languages decides: any Portuguese (pt_BR, pt_PT, ...) gets pt_BR, the only Portuguese evodesk
    ships, and anything else English. ``system`` stands in for ``QLocale.system()`` in tests. Qt's own catalogue
    (qtbase) translates the standard buttons and dialogs; evodesk's .qm is found by ``evodesk._resources``.
    """
    from evodesk._resources import translation_file

    system = system if system is not None else QLocale.system()
    if lang:
        chosen = normalise_lang(lang)
    else:
        chosen = "en"
        for name in system.uiLanguages():
            code = name.replace("-", "_").split("_")[0].lower()
            if code in ("pt", "en"):
                chosen = "pt_BR" if code == "pt" else "en"
                break
    # Dates and numbers follow the system's regional format unless a language was asked for.
    QLocale.setDefault(QLocale(chosen) if lang else system)
    for old in getattr(app, _TRANSLATORS_ATTR, []):
        app.removeTranslator(old)
    installed: list[QTranslator] = []
    qt_catalogue = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / f"qtbase_{chosen}.qm"
    for path in (qt_catalogue, translation_file(chosen)):
        translator = QTranslator(app)
        if path is not None and translator.load(str(path)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found", path or f"evodesk_{chosen}.qm")
    setattr(app, _TRANSLATORS_ATTR, installed)
    return chosen


# -- building the window ---------------------------------------------------------------------------------


@dataclass
class _Startup:
    paths: Paths
    settings: Settings
    simulator: Simulator | None
    cleanups: list[Callable[[], None]]
    cli: dict[str, object | None]


def _settings_for(args: argparse.Namespace) -> _Startup:
    cleanups: list[Callable[[], None]] = []
    simulator: Simulator | None = None
    cli: dict[str, object | None] = {
        "api_url": args.api_url,
        "api_key": args.api_key,
        "database_url": args.database_url,
        "lang": args.lang,
        "live_events": args.live_events,  # None unless --no-live
    }
    if args.demo:
        # Imported here, not at the top: an ordinary start (not the demo) does not pay for them.
        import secrets
        import shutil

        from evodesk.simulator import Simulator

        demo_dir = Path(tempfile.mkdtemp(prefix="evodesk-demo-"))
        cleanups.append(lambda: shutil.rmtree(demo_dir, ignore_errors=True))
        paths = resolve_paths(args.data_dir) if args.data_dir else Paths.under(demo_dir)
        key = secrets.token_urlsafe(24)
        simulator = Simulator(api_key=key, first_qr_delay=1.0, qr_lifetime=45.0)
        url = simulator.start()
        # Stop the simulator before its folder goes away (cleanups run in order).
        cleanups.insert(0, simulator.stop)
        cli.update(api_url=url, api_key=key, database_url=f"sqlite:///{demo_dir / 'chips.sqlite3'}")
    else:
        paths = resolve_paths(args.data_dir)
    paths.ensure()
    settings = load_settings(paths, cli=cli)
    # The key in the OS keyring is looked up by backend_factory, on the database worker.
    redactor().add_secret(settings.api_key)
    return _Startup(paths, settings, simulator, cleanups, cli)


def with_stored_key(settings: Settings, paths: Paths) -> Settings:
    """Key precedence: command line > environment > OS keyring > settings file; the key is scrubbed from logs."""
    settings = secrets_with_stored_key(settings, ApiKeyStore(paths.settings_file))
    redactor().add_secret(settings.api_key)
    return settings


def backend_factory(
    settings: Settings, paths: Paths, keys: dict[str, str] | None = None
) -> Callable[[], InstanceManager]:
    """What the window runs on its database worker: open (and migrate) the store, build the client and manager.
    ``keys`` receives the API key resolved there (``"api_key"``), for the live events' socket."""

    def build() -> InstanceManager:
        from evodesk.evolution import EvolutionClient
        from evodesk.services import InstanceManager, QrPolicy
        from evodesk.services.journal import CreateJournal
        from evodesk.services.validation import load_phone_metadata
        from evodesk.store import open_store

        # Off the GUI thread, before the chips arrive and their phones are formatted.
        load_phone_metadata()
        # Here rather than before the window opens: the OS keyring may be slow, or wait to be unlocked.
        resolved = with_stored_key(settings, paths)
        if keys is not None:
            keys["api_key"] = resolved.api_key or ""
        store = open_store(settings.database_url, data_dir=paths.data_dir)
        try:
            verify: bool | str = settings.ca_bundle or settings.verify_tls
            client = EvolutionClient(
                settings.api_url or "",
                resolved.api_key or "",
                timeout=settings.request_timeout,
                long_timeout=settings.long_request_timeout,
                verify=verify,
            )
        except BaseException:
            store.close()
            raise
        return InstanceManager(
            client,
            store,
            policy=QrPolicy(poll_interval=settings.poll_interval),
            journal=CreateJournal(paths.data_dir / JOURNAL_FILE),
        )

    return build


def _first_run(startup: _Startup) -> Settings:
    """No server configured: ask for one before the window opens; StartupCancelled when the operator declines."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    try:
        from evodesk.ui.dialogs.settings import SettingsDialog
    except ImportError:
        QMessageBox.information(
            None,
            _tr("evodesk"),
            _tr(
                "No Evolution API server is configured.\n\nSet EVOLUTION_API_URL and EVOLUTION_API_KEY, or start "
                "evodesk with --api-url URL --api-key KEY. To try evodesk without a server, run: evodesk --demo"
            ),
        )
        raise StartupCancelled("no server configured") from None
    dialog = SettingsDialog(startup.paths, startup.settings)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        raise StartupCancelled("the settings dialog was closed without a server")
    api_url, api_key = dialog.values()
    # The file now holds them (or the key ring the key); the other command-line values still apply.
    settings = load_settings(startup.paths, cli={**startup.cli, "api_url": api_url, "api_key": api_key})
    if not settings.has_server:
        raise StartupCancelled("no server configured")
    return settings


def live_factory(settings: Settings, keys: dict[str, str]) -> Callable[[InstanceManager], LiveFleet]:
    """Once the manager is open, the ``LiveFleet`` on its server's events (no I/O here; ``--no-live``: polling).
    ``keys`` is filled by ``backend_factory``; TLS is checked as the REST client does."""

    def build(manager: InstanceManager) -> LiveFleet:
        from evodesk.services import LiveFleet

        return LiveFleet(
            manager,
            api_key=keys.get("api_key", ""),
            verify=settings.ca_bundle or settings.verify_tls,
            enabled=settings.live_events,
        )

    return build


def _build_window(args: argparse.Namespace, *, frame_first: bool = False) -> MainWindow:
    app = ensure_application()
    startup = _settings_for(args)
    install_translations(app, args.lang or startup.settings.lang)
    settings = startup.settings
    if not settings.has_server and not args.demo:
        settings = _first_run(startup)
    runner = TaskRunner()
    keys: dict[str, str] = {}
    window = MainWindow(
        runner,
        settings,
        backend_factory(settings, startup.paths, keys),
        paths=startup.paths,
        simulator=startup.simulator,
        demo=args.demo,
        frame_first=frame_first,
        open_live=live_factory(settings, keys),
    )
    for cleanup in startup.cleanups:
        window.add_cleanup(cleanup)
    # Python must keep the window alive as long as the application runs.
    setattr(app, _WINDOW_ATTR, window)
    window.show()
    return window


def open_main_window(argv: list[str]) -> MainWindow:
    """Build everything ``evodesk`` builds for ``argv`` and return the shown window (no event loop).

    Raises ``StartupCancelled`` when no server is configured and the operator declines to set one, and
    ``ConfigError`` for settings that cannot be used.
    """
    return _build_window(parse_args(argv))


# -- process-wide hooks (main only) ----------------------------------------------------------------------


def configure_logging(paths: Paths, *, console: bool = False) -> Path | None:
    """Log to ``evodesk.log`` in the log folder (rotated, secrets scrubbed); returns the log file or None."""
    try:
        return setup_logging(paths.log_dir, console=console)
    except OSError as exc:
        # An unwritable log folder must not stop the operator from working: log to stderr instead.
        stderr = logging.StreamHandler()
        stderr.addFilter(redactor())
        root = logging.getLogger()
        root.addHandler(stderr)
        root.setLevel(logging.INFO)
        release_held_records([stderr])
        log.warning("cannot write the log file in %s: %s", paths.log_dir, exc)
        return None


def install_hooks(paths: Paths, *, open_log_now: bool = True) -> None:
    """Logging to a file, Qt messages into logging, and the excepthooks.

    With ``open_log_now`` false, records are held in memory until ``configure_logging`` opens the file.
    """
    if open_log_now:
        configure_logging(paths)
    else:
        hold_records()
    qInstallMessageHandler(qt_message)
    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook


# -- smoke test ------------------------------------------------------------------------------------------


def _start_watchdog(seconds: float) -> None:
    def bark() -> None:
        time.sleep(seconds)
        sys.stderr.write(f"smoke test failed: no result within {seconds:.0f} s\n")
        sys.stderr.flush()
        os._exit(2)

    threading.Thread(target=bark, name="evodesk-smoke-watchdog", daemon=True).start()


def _spin_until(app: QApplication, condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout:.0f} s")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)


def run_smoke_test(args: argparse.Namespace) -> int:
    """Exercise every dependency once; print one line and return 0, or 1 with the failing step."""
    _start_watchdog(SMOKE_TEST_DEADLINE)
    # Qt's own chatter (e.g. the offscreen plugin's notices) must not blur the one-line verdict.
    qInstallMessageHandler(qt_message)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    step = "start"
    started = time.monotonic()
    window: MainWindow | None = None
    with tempfile.TemporaryDirectory(prefix="evodesk-smoke-") as tmp:
        try:
            step = "QApplication"
            app = ensure_application()
            step = "database migrations"
            from evodesk.store import open_store

            url = args.database_url or f"sqlite:///{Path(tmp) / 'smoke.sqlite3'}"
            open_store(url, data_dir=Path(tmp)).close()
            from evodesk.ui import bundle_checks

            for name, check in bundle_checks.steps(_resource_dir(), Path(tmp)):
                step = name
                check()
            step = "QR rendering"
            _render_qr()
            step = "PostgreSQL driver"
            import psycopg

            if not psycopg.pq.__impl__:
                raise RuntimeError("psycopg has no libpq wrapper")
            step = "simulator"
            import secrets

            from evodesk.simulator import Simulator

            key = secrets.token_urlsafe(16)
            with Simulator(api_key=key) as sim:
                step = "main window"
                window_db = f"sqlite:///{Path(tmp) / 'window.sqlite3'}"
                # "--api-key=KEY": a random key may begin with "-", which argparse would take for an option.
                window = open_main_window(
                    ["--data-dir", tmp, "--api-url", sim.url, f"--api-key={key}", "--database-url", window_db]
                )
                step = "create an instance through the window's services"
                _spin_until(
                    app, lambda: window is not None and window.backend.manager is not None, 8, "opening the database"
                )
                assert window is not None and window.backend.manager is not None
                chip, _qr = window.backend.manager.create("11 99999-0000")
                sim.simulate_scan(chip.instance_name)
                window.request_sync()
                step = "refresh from the server"
                _spin_until(
                    app,
                    lambda: window is not None and window.model.summary.connected == 1,
                    8,
                    "showing the connected chip",
                )
                step = "close"
                window.close()
                window = None
        except BaseException as exc:
            if window is not None:
                with contextlib.suppress(Exception):
                    window.close()
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            print(f"smoke test failed at {step}: {type(exc).__name__}: {reason}", file=sys.stderr)
            return 1
    print(f"smoke test passed in {time.monotonic() - started:.1f} s (evodesk {__version__})")
    return 0


def _render_qr() -> None:
    import io

    import qrcode
    from PySide6.QtGui import QImage

    buffer = io.BytesIO()
    qrcode.make("2@evodesk-smoke-test").save(buffer, format="PNG")
    image = QImage()
    if not image.loadFromData(buffer.getvalue()) or image.isNull():
        raise RuntimeError("Qt cannot read the PNG made by qrcode (image plugins missing?)")


# -- start-up timing (bench/) ----------------------------------------------------------------------------


class _ReportPaints(QObject):
    """``EVODESK_EXIT_AFTER_PAINT``: print when the window first painted and when it painted complete, then quit.

    Prints ``first-paint <time.monotonic()>`` after the first paint (the window's frame), then
    ``complete-paint <time.monotonic()>`` once the complete window (menus, toolbar, table) has been painted.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._seen = False
        window.installEventFilter(self)
        if window.is_complete:
            self._report_complete_later()
        else:
            window.completed.connect(self._report_complete_later)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt virtual
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            # The paint event arrives in the middle of Qt's repaint; a zero timer fires once it has been flushed.
            QTimer.singleShot(0, lambda: self._print("first-paint"))
        return False

    def _report_complete_later(self) -> None:
        QTimer.singleShot(0, self._report_complete)

    def _report_complete(self) -> None:
        if not self._seen:  # completed before any paint (never exposed): try again after the next turn
            QTimer.singleShot(10, self._report_complete)
            return
        # Paint what completion changed now rather than in a later turn, so the moment printed is when it shows.
        self._window.repaint()
        self._print("complete-paint")
        QCoreApplication.exit(0)

    @staticmethod
    def _print(what: str) -> None:
        if sys.stdout is not None:  # a frozen GUI build on Windows has no stdout
            print(f"{what} {time.monotonic():.6f}", flush=True)


# -- entry point -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """``evodesk``: open the main window and run until it closes; returns the exit code."""
    args = parse_args(argv)
    if args.smoke_test:
        return run_smoke_test(args)
    try:
        paths = resolve_paths(args.data_dir)
    except OSError as exc:
        print(f"evodesk: {exc}", file=sys.stderr)
        return 2
    # The log file opens once the window has painted; what is logged before that is held, not lost. The demo
    # logs there too: a start prints nothing but warnings (Alembic's INFO lines included go to the file only).
    install_hooks(paths, open_log_now=False)
    if args.demo:
        warnings_to_stderr()
    try:
        return _run(args, paths)
    finally:
        if holding_records():  # the window never completed (start-up refused, settings declined)
            configure_logging(paths)


def _run(args: argparse.Namespace, paths: Paths) -> int:
    app = ensure_application()
    try:
        # The window's frame paints first and the rest of it follows (MainWindow's frame_first): the operator
        # sees evodesk open at once rather than after every module it needs has been imported.
        window = _build_window(args, frame_first=True)
    except StartupCancelled:
        return 0
    except ConfigError as exc:
        from PySide6.QtWidgets import QMessageBox

        from evodesk.ui.shared.messages import describe_config_error

        QMessageBox.critical(
            None, _tr("evodesk"), _tr("evodesk cannot start: {reason}").format(reason=describe_config_error(exc))
        )
        return 2
    if holding_records():
        window.completed.connect(lambda: configure_logging(paths) if holding_records() else None)
    log.info("evodesk %s started (%s)", __version__, "demo" if args.demo else window.windowTitle())
    app.setQuitOnLastWindowClosed(True)
    if os.environ.get(EXIT_AFTER_PAINT_ENV) == "1":
        _ReportPaints(window)
    code = app.exec()
    window.shutdown()
    return code
