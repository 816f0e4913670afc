"""Settings and paths.

Precedence, highest first: command line > environment > settings file > defaults. The settings file is an INI
file in the layout Qt's ``QSettings`` uses (a key ``server/url`` is ``url`` in section ``[server]``), so the
window's own settings and this module share one file.
"""

from __future__ import annotations

import argparse
import configparser
import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "evodesk"
SETTINGS_FILE = "settings.ini"
DATABASE_FILE = "chips.sqlite3"
SECTION = "General"

ENV_API_URL = "EVOLUTION_API_URL"
ENV_API_KEY = "EVOLUTION_API_KEY"
ENV_DATABASE_URL = "EVODESK_DATABASE_URL"
ENV_HOME = "EVODESK_HOME"

SUPPORTED_LANGUAGES = ("pt_BR", "en")


class ConfigError(ValueError):
    """A setting has a value that cannot be used; the message names the setting.

    ``code`` says which rule it broke (``url.scheme``, ``setting.seconds``…), ``name`` the setting and ``value``
    what was given, so the window can say it in the operator's language.
    """

    def __init__(self, message: str, *, code: str = "setting.invalid", name: str = "", value: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.name = name
        self.value = value


@dataclass(frozen=True, slots=True)
class Paths:
    """Where evodesk keeps its files. ``--data-dir``/``EVODESK_HOME`` put all of them under one folder."""

    config_dir: Path
    data_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        """The INI settings file."""
        return self.config_dir / SETTINGS_FILE

    @property
    def database_file(self) -> Path:
        """The default SQLite database."""
        return self.data_dir / DATABASE_FILE

    @classmethod
    def under(cls, home: Path) -> Paths:
        """Everything below one folder (portable installs, tests, ``--demo``)."""
        home = home.expanduser().resolve()
        return cls(config_dir=home, data_dir=home, log_dir=home / "logs")

    @classmethod
    def platform_default(cls) -> Paths:
        """The operating system's usual per-user folders."""
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    def ensure(self) -> None:
        """Create the folders (owner-only where the platform allows)."""
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved settings; ``sources`` says where each non-default value came from."""

    api_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    database_url: str | None = None
    lang: str | None = None
    request_timeout: float = 10.0
    long_request_timeout: float = 30.0
    poll_interval: float = 3.0
    sync_interval: float = 15.0
    # A chip is flapping with at least flap_drops drops in the last flap_hours hours (evodesk.services.health).
    flap_drops: int = 3
    flap_hours: float = 24.0
    verify_tls: bool = True
    ca_bundle: str | None = None
    # Listen to the server's Socket.IO events (polling stays as the fallback); ``--no-live`` turns it off.
    live_events: bool = True
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __repr__(self) -> str:
        # The API key never appears in a repr: logs and crash reports print these objects.
        shown = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "sources"}
        shown["api_key"] = "***" if self.api_key else None
        inner = ", ".join(f"{k}={v!r}" for k, v in shown.items())
        return f"Settings({inner})"

    @property
    def has_server(self) -> bool:
        """True when a server URL is configured (first run opens the settings dialog otherwise)."""
        return bool(self.api_url)


# Settings-file key → (field name, parser). Only these keys are read; anything else in the file is left alone.
_FLOAT_FIELDS = ("request_timeout", "long_request_timeout", "poll_interval", "sync_interval")
_FILE_KEYS: dict[str, str] = {
    "server/url": "api_url",
    "server/api_key": "api_key",
    "server/verify_tls": "verify_tls",
    "server/ca_bundle": "ca_bundle",
    "server/live_events": "live_events",
    "server/request_timeout": "request_timeout",
    "server/long_request_timeout": "long_request_timeout",
    "database/url": "database_url",
    "ui/lang": "lang",
    "ui/poll_interval": "poll_interval",
    "ui/sync_interval": "sync_interval",
    "health/flap_drops": "flap_drops",
    "health/flap_hours": "flap_hours",
}


def resolve_paths(data_dir: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None) -> Paths:
    """``--data-dir`` wins over ``EVODESK_HOME``, which wins over the platform folders."""
    env = os.environ if env is None else env
    if data_dir:
        return Paths.under(Path(data_dir))
    home = env.get(ENV_HOME, "").strip()
    if home:
        return Paths.under(Path(home))
    return Paths.platform_default()


def _split_key(key: str) -> tuple[str, str]:
    """``server/url`` → (``server``, ``url``): QSettings stores a key's group as an INI section."""
    group, _, name = key.rpartition("/")
    return (group or SECTION), name


def _unquote(value: str) -> str:
    # QSettings writes strings with commas or surrounding spaces in double quotes.
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value


def _parser() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive like QSettings
    return parser


def read_settings_file(path: Path) -> dict[str, str]:
    """Read the known keys of the INI file; a missing file is empty, an unreadable one is a ConfigError."""
    if not path.exists():
        return {}
    parser = _parser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError, OSError) as exc:
        raise ConfigError(
            f"settings file {path} cannot be read: {exc}", code="file.unreadable", value=str(path)
        ) from exc
    values: dict[str, str] = {}
    for key in _FILE_KEYS:
        section, name = _split_key(key)
        if parser.has_option(section, name):
            values[key] = _unquote(parser.get(section, name))
    return values


def write_settings_file(path: Path, values: Mapping[str, str | None]) -> None:
    """Merge ``values`` (keys like ``server/url``; None removes) into the INI file, keeping everything else."""
    parser = _parser()
    if path.exists():
        parser.read(path, encoding="utf-8")
    for key, value in values.items():
        section, name = _split_key(key)
        if value is None:
            if parser.has_section(section):
                parser.remove_option(section, name)
                if not parser.options(section):
                    parser.remove_section(section)
            continue
        if not parser.has_section(section):
            parser.add_section(section)
        parser.set(section, name, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        parser.write(handle, space_around_delimiters=False)
    # The file may hold the API key when no keyring is usable: owner-only, written atomically.
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}: expected true or false, got {raw!r}", code="setting.bool", name=name, value=raw)


def _parse_float(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(
            f"{name}: expected a number of seconds, got {raw!r}", code="setting.seconds", name=name, value=raw
        ) from None
    if not value > 0:
        raise ConfigError(
            f"{name}: must be greater than zero, got {raw!r}", code="setting.positive", name=name, value=raw
        )
    return value


def _parse_flap_drops(name: str, raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number of drops, got {raw!r}") from None
    if not 1 <= value <= 1000:
        raise ConfigError(f"{name}: must be between 1 and 1000, got {raw!r}")
    return value


def _parse_flap_hours(name: str, raw: str) -> float:
    value = _parse_float(name, raw)
    if not 1.0 <= value <= 24.0:
        raise ConfigError(f"{name}: must be between 1 and 24 hours, got {raw!r}")
    return value


def normalise_lang(raw: str) -> str:
    """Accept ``pt_BR``, ``pt-br``, ``pt``, ``en``, ``en_US``…; refuse anything else."""
    value = raw.strip().replace("-", "_")
    lowered = value.lower()
    if lowered in {"pt", "pt_br"}:
        return "pt_BR"
    if lowered == "en" or lowered.startswith("en_"):
        return "en"
    raise ConfigError(
        f"language {raw!r} is not supported (choose one of {', '.join(SUPPORTED_LANGUAGES)})",
        code="setting.language",
        name="lang",
        value=raw,
    )


def _coerce(name: str, raw: str) -> Any:
    if name in ("verify_tls", "live_events"):
        return _parse_bool(name, raw)
    if name in _FLOAT_FIELDS:
        return _parse_float(name, raw)
    if name == "flap_drops":
        return _parse_flap_drops(name, raw)
    if name == "flap_hours":
        return _parse_flap_hours(name, raw)
    if name == "lang":
        return normalise_lang(raw)
    text = raw.strip()
    return text or None


def load_settings(
    paths: Paths,
    *,
    cli: Mapping[str, object | None] | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve settings from defaults, the settings file, the environment and the command line.

    ``cli`` maps field names (``api_url``, ``api_key``, ``database_url``, ``lang``) to values; None means
    "not given" and does not override.
    """
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}

    for key, raw in read_settings_file(paths.settings_file).items():
        name = _FILE_KEYS[key]
        values[name] = _coerce(name, raw)
        sources[name] = "file"

    for env_name, name in (
        (ENV_API_URL, "api_url"),
        (ENV_API_KEY, "api_key"),
        (ENV_DATABASE_URL, "database_url"),
    ):
        env_value = env.get(env_name)
        if env_value is not None and env_value.strip():
            values[name] = env_value.strip()
            sources[name] = "environment"

    for name, raw_value in (cli or {}).items():
        if raw_value is None:
            continue
        values[name] = _coerce(name, str(raw_value)) if isinstance(raw_value, str) else raw_value
        sources[name] = "command line"

    if values.get("api_url"):
        values["api_url"] = str(values["api_url"]).rstrip("/")
    return Settings(**values, sources=sources)


def add_live_arguments(parser: argparse.ArgumentParser) -> None:
    """The command-line switch of the ``live_events`` setting: ``--no-live`` (its value lands in ``live_events``)."""
    parser.add_argument(
        "--no-live",
        dest="live_events",
        action="store_false",
        default=None,
        help="do not listen to the server's events; poll for changes instead",
    )


def validate_server_url(raw: str) -> str:
    """Return the server URL without surrounding spaces or a trailing slash, or raise ConfigError.

    Only http and https are accepted, with a host; credentials, queries and fragments are refused because
    they would leak into logs or change every request.
    """
    from urllib.parse import urlsplit

    text = raw.strip()
    if not text:
        raise ConfigError("the server URL is empty", code="url.empty")
    if any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        # A space or a line break inside a pasted address is a typo; the client could not send it anyway.
        raise ConfigError(
            f"the server URL {text!r} must not contain spaces or control characters", code="url.characters", value=text
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"the server URL {text!r} is not valid: {exc}", code="url.invalid", value=text) from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise ConfigError(
            f"the server URL must start with http:// or https:// (got {text!r})", code="url.scheme", value=text
        )
    if not parts.hostname:
        raise ConfigError(f"the server URL {text!r} has no host name", code="url.no_host", value=text)
    if parts.username or parts.password:
        raise ConfigError(
            "the server URL must not contain a user name or password; use the API key field", code="url.credentials"
        )
    if parts.query or parts.fragment:
        raise ConfigError(f"the server URL {text!r} must not contain '?' or '#'", code="url.query", value=text)
    if port == 0:
        raise ConfigError(f"the server URL {text!r} has an invalid port", code="url.port", value=text)
    import httpx  # the client's own parser: what is accepted here must not fail when the window connects

    try:
        host = httpx.URL(text).host
    except Exception as exc:
        raise ConfigError(f"the server URL {text!r} is not valid: {exc}", code="url.invalid", value=text) from None
    if not host:
        raise ConfigError(f"the server URL {text!r} has no host name", code="url.no_host", value=text)
    return text.rstrip("/")


def suggest_server_url(raw: str) -> str | None:
    """``https://`` + what was typed, when it lacks a scheme and is a valid address with one; else None.

    An operator who types ``evolution.example.com`` means the https address; the window proposes it rather
    than refusing the text.
    """
    text = raw.strip()
    if not text or "://" in text:
        return None
    try:
        return validate_server_url("https://" + text)
    except ConfigError:
        return None


def is_loopback_host(url: str) -> bool:
    """True when the URL points at this machine (plain http is then acceptable without a warning)."""
    import ipaddress
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
