"""Work on the database itself that an administrator does from the command line (upgrade, backup,
showing or restoring the encryption key): each is checked for the admin role and audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from vitalsdesk.db.engine import Database
from vitalsdesk.services.audit import audit
from vitalsdesk.services.context import acting_user, require_role
from vitalsdesk.services.schemas import StaffUserOut

ACTIONS = (
    "db_upgraded",
    "db_backup_written",
    "db_key_shown",
    "db_key_restored",
    "db_passphrase_changed",
    "audit_key_imported",
)
# Done by VitalsDesk itself while the clinic opens, before anyone signs in: audited with no
# staff member, under their own event type.
START_ACTIONS = ("db_backup_restored",)


class MaintenanceService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def allow(self, actor: StaffUserOut) -> None:
        """Refuse anyone but an administrator, before the work starts."""

        def work(s: Session) -> None:
            require_role(acting_user(s, actor), "admin")

        self.db.read(work)

    def record(self, actor: StaffUserOut, action: str, **detail: Any) -> None:
        """The audit event for maintenance work done (by an administrator)."""
        assert action in ACTIONS, action

        def work(s: Session) -> None:
            by = acting_user(s, actor)
            require_role(by, "admin")
            audit(s, by, action, **detail)

        self.db.run(work)

    def record_at_start(self, action: str, **detail: Any) -> None:
        """The audit event for work done while the clinic opened (no one is signed in yet)."""
        assert action in START_ACTIONS, action
        self.db.run(lambda s: audit(s, None, action, **detail))
