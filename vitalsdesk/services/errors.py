"""What a use case can refuse, in words the MA or the admin can act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vitalsdesk.errors import ServiceError

__all__ = ["ServiceError"]

if TYPE_CHECKING:
    from vitalsdesk.clinical.assessment import Assessment


class NotFound(ServiceError):
    pass


class AlreadyExists(ServiceError):
    pass


class InvalidInput(ServiceError):
    pass


class SignInFailed(ServiceError):
    pass


class AccountLocked(SignInFailed):
    pass


class Forbidden(ServiceError):
    pass


class Conflict(ServiceError):
    """Someone else changed the record first (optimistic versioning): reload and try again."""


class VitalsNotAccepted(ServiceError):
    """The clinical core did not accept the set; `assessment` says why (errors or confirmations)."""

    def __init__(self, assessment: Assessment, message: str) -> None:
        super().__init__(message)
        self.assessment = assessment


class ClinicianNotNotified(ServiceError):
    """A critical value may be saved only once the MA confirms the clinician was told."""

    def __init__(self, assessment: Assessment, fields: list[str]) -> None:
        super().__init__(
            "Tell the clinician now about: " + ", ".join(fields) + ". Then confirm you told them."
        )
        self.assessment = assessment
        self.fields = fields
