"""Session-wide test settings.

PySide6 6.12 can abort the interpreter while it garbage-collects Qt objects at exit
("Fatal Python error: bool_dealloc ... refcount error in a C extension") after a session
that built many windows (seen after ``tests/ui/test_large_text.py``). Every test has
passed by then and pytest has printed its summary, but the abort turns the exit code into
134. So once pytest is completely done, the process ends with pytest's own exit status
without running interpreter finalization. Set ``KIOSK_TEST_NORMAL_EXIT=1`` to see the
crash (for example after a PySide6 upgrade, to check whether the workaround can go).
"""

from __future__ import annotations

import os
import sys

import pytest

_status: list[int] = [0]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _status[0] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    if os.environ.get("KIOSK_TEST_NORMAL_EXIT") == "1":
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_status[0])
