"""kiosk has one error tree under KioskError (issue 13 item 4); offline_queue's
MigrationError stays inside offline_queue's tree."""

from __future__ import annotations

import pytest

from kiosk import errors
from kiosk.config import ConfigError
from kiosk.rules.money import Money, MoneyError
from offline_queue.faults import OfflineQueueError
from offline_queue.migrations import MigrationError


def test_config_and_money_errors_are_under_the_root_and_still_value_errors() -> None:
    assert ConfigError is errors.ConfigError and MoneyError is errors.MoneyError
    for cls in (ConfigError, MoneyError):
        assert issubclass(cls, errors.KioskError) and issubclass(cls, ValueError)
    with pytest.raises(errors.KioskError):
        Money.parse("abc", "CNY")


def test_migration_error_stays_in_offline_queue_tree() -> None:
    assert issubclass(MigrationError, OfflineQueueError) and issubclass(MigrationError, ValueError)


def test_the_drawn_tree_names_every_class_of_errors() -> None:
    doc = errors.__doc__ or ""
    for name, obj in vars(errors).items():
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert name in doc, name
