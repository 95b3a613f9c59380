"""Test support shared across tests/: fakes (``fakes``) and the staff-stack fixtures
(``staff_fixtures``, star-imported by the conftest of each folder that uses them)."""
