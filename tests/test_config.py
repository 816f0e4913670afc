"""Settings precedence, paths and validation."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from evodesk.config import (
    ConfigError,
    Paths,
    is_loopback_host,
    load_settings,
    normalise_lang,
    read_settings_file,
    resolve_paths,
    validate_server_url,
    write_settings_file,
)


def test_data_dir_flag_beats_environment(tmp_path: Path) -> None:
    env = {"EVODESK_HOME": str(tmp_path / "from-env")}
    paths = resolve_paths(tmp_path / "from-flag", env=env)
    assert paths.data_dir == (tmp_path / "from-flag").resolve()
    assert paths.settings_file == (tmp_path / "from-flag" / "settings.ini").resolve()
    assert resolve_paths(None, env=env).database_file == (tmp_path / "from-env" / "chips.sqlite3").resolve()


def test_platform_paths_without_overrides() -> None:
    paths = resolve_paths(None, env={})
    assert "evodesk" in str(paths.data_dir)
    assert paths.log_dir != paths.data_dir


def test_precedence_cli_over_env_over_file_over_default(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    write_settings_file(
        paths.settings_file,
        {"server/url": "http://file:8080/", "database/url": "sqlite:///file.db", "ui/poll_interval": "5"},
    )
    env = {"EVOLUTION_API_URL": "http://env:8080", "EVOLUTION_API_KEY": "  env-key  "}

    only_file = load_settings(paths, env={})
    assert only_file.api_url == "http://file:8080"
    assert only_file.poll_interval == 5.0
    assert only_file.sync_interval == 15.0  # default
    assert only_file.sources["api_url"] == "file"

    with_env = load_settings(paths, env=env)
    assert with_env.api_url == "http://env:8080"
    assert with_env.api_key == "env-key"  # whitespace around a pasted key is dropped
    assert with_env.database_url == "sqlite:///file.db"

    with_cli = load_settings(paths, env=env, cli={"api_url": "http://cli:1", "database_url": None})
    assert with_cli.api_url == "http://cli:1"
    assert with_cli.sources["api_url"] == "command line"
    assert with_cli.database_url == "sqlite:///file.db"


def test_api_key_never_in_repr(tmp_path: Path) -> None:
    settings = load_settings(Paths.under(tmp_path), env={"EVOLUTION_API_KEY": "s3cr3t-KEY"})
    assert "s3cr3t-KEY" not in repr(settings)
    assert "s3cr3t-KEY" not in str(settings)
    assert settings.api_key == "s3cr3t-KEY"


def test_settings_file_is_owner_only_and_keeps_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("[General]\nwindow/geometry=abc\n", encoding="utf-8")
    write_settings_file(path, {"server/url": "http://x"})
    assert read_settings_file(path) == {"server/url": "http://x"}
    assert "window/geometry=abc" in path.read_text(encoding="utf-8").replace(" = ", "=")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    write_settings_file(path, {"server/url": None})
    assert read_settings_file(path) == {}


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("ui/poll_interval", "fast", "number"),
        ("ui/sync_interval", "-1", "greater than zero"),
        ("server/verify_tls", "maybe", "true or false"),
        ("ui/lang", "klingon", "not supported"),
    ],
)
def test_bad_file_values_are_named(tmp_path: Path, key: str, value: str, fragment: str) -> None:
    paths = Paths.under(tmp_path)
    write_settings_file(paths.settings_file, {key: value})
    with pytest.raises(ConfigError, match=fragment):
        load_settings(paths, env={})


def test_corrupt_settings_file_is_a_config_error(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    paths.settings_file.write_bytes(b"\xff\xfe not an ini [[[")
    with pytest.raises(ConfigError, match="cannot be read"):
        load_settings(paths, env={})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("pt_BR", "pt_BR"), ("pt-br", "pt_BR"), ("pt", "pt_BR"), ("en", "en"), ("en_US", "en")],
)
def test_languages(raw: str, expected: str) -> None:
    assert normalise_lang(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  https://evo.example.com/  ", "https://evo.example.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("HTTP://Host:1/api/", "HTTP://Host:1/api"),
    ],
)
def test_valid_server_urls(raw: str, expected: str) -> None:
    assert validate_server_url(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "ftp://evo.example.com",
        "evo.example.com",
        "http://",
        "http://user:pw@host",
        "https://host/?apikey=x",
        "http://host:99999",
        "javascript:alert(1)",
    ],
)
def test_invalid_server_urls(raw: str) -> None:
    with pytest.raises(ConfigError):
        validate_server_url(raw)


def test_loopback_detection() -> None:
    assert is_loopback_host("http://127.0.0.1:8080")
    assert is_loopback_host("http://localhost")
    assert is_loopback_host("http://[::1]:80")
    assert not is_loopback_host("http://10.0.0.5")
    assert not is_loopback_host("https://evo.example.com")
