"""Shared fixtures for the lab tests: one reference server subprocess per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lab.crash import CrashLab


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrashLab]:
    workdir: Path = tmp_path_factory.mktemp("lab")
    with CrashLab(workdir) as crash_lab:
        yield crash_lab
