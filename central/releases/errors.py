"""Errors of the release tooling; all are CentralErrors with a message for the operator."""

from __future__ import annotations

from central.errors import CentralError


class ReleaseError(CentralError):
    """A release operation that cannot be done as asked (the message says why)."""


class ManifestError(ReleaseError, ValueError):
    """A manifest or version string that does not follow the documented format."""


class SigningKeyError(ReleaseError):
    """A key directory that is missing, unsafe or holds an unusable key."""
