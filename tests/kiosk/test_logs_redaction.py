"""JSON logs in the data dir, rotated, with card-number-like digit runs redacted."""

from __future__ import annotations

import json
import logging
import tarfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.logs import REDACTED, export_logs, redact, setup_logging


@pytest.fixture
def logger(tmp_path):
    handler = setup_logging(tmp_path, max_bytes=2000, backups=2)
    log = logging.getLogger("kiosk.test")
    yield log, tmp_path / "logs" / "kiosk.log"
    logging.getLogger().removeHandler(handler)
    handler.close()


@pytest.mark.parametrize("text", ["6228480012345678", "4111 1111 1111 1111",
                                  "4111-1111-1111-1111", "pan=3530111333300000;",
                                  "6228480012345678901"])
def test_card_numbers_are_redacted(text) -> None:
    assert REDACTED in redact(text) and not any(c.isdigit() for c in redact(text).replace(
        "pan=", "").replace(";", "").replace(REDACTED, ""))


@pytest.mark.parametrize("text", ["622848******1234", "13800138000", "voucher 1234 5678 9012",
                                  "amount 10000 fen at 1700000000.5"])
def test_ordinary_numbers_pass(text) -> None:
    assert redact(text) == text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789", min_size=13, max_size=19),
       st.text(alphabet="abc :=", max_size=5), st.text(alphabet="abc :=", max_size=5))
def test_any_13_to_19_digit_run_is_redacted(pan, before, after) -> None:
    assert pan not in redact(before + pan + after)


def test_json_lines_with_extra_fields_redacted(logger) -> None:
    log, path = logger
    log.info("card %s read", "6228480012345678", extra={"pan": "6228480012345678",
                                                         "amount": 10000})
    try:
        raise ValueError("bad 4111111111111111")
    except ValueError:
        log.exception("failed")
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines[0]["msg"] == f"card {REDACTED} read" and lines[0]["pan"] == REDACTED
    assert lines[0]["amount"] == 10000 and lines[0]["level"] == "INFO"
    assert "4111111111111111" not in path.read_text() and "exc" in lines[1]


def test_rotation_and_export(logger, tmp_path) -> None:
    log, path = logger
    for i in range(100):
        log.info("line %d", i)
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    (path.parent / "kiosk.log.2").write_text("old line with 6228480012345678\n")
    out = export_logs(tmp_path, tmp_path / "export.tar.gz")
    with tarfile.open(out) as tar:
        names = sorted(tar.getnames())
        text = b"".join(tar.extractfile(n).read() for n in names).decode()
    assert names == ["logs/kiosk.log", "logs/kiosk.log.1", "logs/kiosk.log.2"]
    assert "6228480012345678" not in text and '"line 99"' in text
