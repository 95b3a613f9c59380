"""Back-office errors, rendered as an HTML page (or a redirect) instead of the API's JSON.

Tree::

    CentralError                  (central.errors)
    +-- BackofficeError           a refusal with an HTTP status and a message for the operator
        +-- NotAllowed            403: the role lacks the permission, or maker = checker
        +-- BadInput              400: a form field is missing or malformed
        +-- NotFound              404: no such kiosk, transaction, voucher...
        +-- Conflict              409: the action does not fit the current state
"""

from __future__ import annotations

from central.errors import CentralError


class BackofficeError(CentralError):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(BackofficeError):
    status = 403


class BadInput(BackofficeError):
    status = 400


class NotFound(BackofficeError):
    status = 404


class Conflict(BackofficeError):
    status = 409
