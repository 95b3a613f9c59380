"""The real central server with QR payments against the provider emulator, both on
127.0.0.1, sharing one injected clock (signatures carry timestamps)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from central.payments import keys
from central.payments.emulator_app import ProviderEmulator
from central.payments.emulator_book import Book
from central.payments.routes import CONFIG_ENV
from central.testing import run_server


@pytest.fixture(scope="session")
def key_paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return keys.generate(tmp_path_factory.mktemp("qr-keys"))


@pytest.fixture
def provider(key_paths: dict[str, Path], clock: Any) -> Iterator[ProviderEmulator]:
    emu = ProviderEmulator(key_paths, book=Book(clock=clock))
    with emu.serve():
        yield emu


@pytest.fixture
def db_path(db_target: str) -> Any:
    """The central helper's ``db_target``: every QR test runs on SQLite and PostgreSQL."""
    return db_target


@pytest.fixture
def server(tmp_path: Path, clock: Any, provider: ProviderEmulator, key_paths: dict[str, Path],
           monkeypatch: pytest.MonkeyPatch, db_path: Any) -> Iterator[tuple[str, Any]]:
    config = keys.write_config(tmp_path / "payments.toml", key_paths,
                               base_url=provider.base_url,
                               notify_url="https://central.invalid/v1/qr/notify/wechat")
    monkeypatch.setenv(CONFIG_ENV, str(config))
    with run_server(db_path, clock=clock) as (url, admin):
        provider.notify_override = f"{url}/v1/qr/notify/wechat"
        yield url, admin


@pytest.fixture
def qr(server: tuple[str, Any]) -> Any:
    """The server's QrPayments service, for white-box checks."""
    return server[1].app.state.qr


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as s:
        yield s
