"""The staff stack (store, users, settlement, collection, maintenance) for these tests."""

from tests.support.staff_fixtures import *  # noqa: F403  (fixtures defined once)
