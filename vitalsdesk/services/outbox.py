"""The HL7 outbox: every saved, amended or voided set becomes an ORU^R01 for the clinic's EHR.

Queueing (`Hl7Queue.enqueue`) happens inside the transaction of the change, so a crash never
leaves a saved set without its message, nor a message for a set that was not saved. The text is
composed there (fixed then: the set as saved) but validated with hl7apy only by the sender, just
before it leaves: hl7apy's check costs 30-45 ms of CPU, and inside the save's transaction every
other room's save waited on it. A message found invalid is marked failed with the reason and never
sent (`Delivery.deliver` refuses it), like one that could not be composed. Sending
(`OutboxService.send_pending`) is at-least-once with stable ids: a message's text, and with it
its control id (MSH-10), is fixed when it is queued, and a message whose ACK never came (a crash,
a timeout) is sent again as the same bytes, so the EHR can drop the copy it already has.

What an ACK means:
- AA: sent.
- AE or AR: failed, with the EHR's words kept for an administrator; never sent again until an
  administrator retries it (`retry`). Later messages of the same patient wait behind it, so the
  EHR never gets a correction before the result it corrects.
- no connection, no answer, a broken frame: the message stays pending and the interface is tried
  again after a wait that doubles each time (`retry_first_seconds` up to `retry_most_seconds`).

One sender works at a time across all rooms (vitalsdesk.db.single_worker): on PostgreSQL a
session advisory lock, on SQLite a lock file beside the database.
"""

from __future__ import annotations

import logging
import secrets
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.db import single_worker
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import Hl7OutboxMessage as OutboxRow
from vitalsdesk.db.models import Patient, StaffUser, Visit, utcnow
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.interop.hl7_drop import drop_message
from vitalsdesk.interop.hl7_oru import (
    OBX_STATUS,
    Hl7Error,
    Hl7Settings,
    VisitRecord,
    build_oru,
    compose_oru,
    validate_oru,
)
from vitalsdesk.interop.mllp import Ack, MllpError, send_message
from vitalsdesk.interop.records import StaffRef
from vitalsdesk.services.accounts import IMPORT_ROLE
from vitalsdesk.services.audit import audit
from vitalsdesk.services.context import acting_user, require_role
from vitalsdesk.services.errors import Conflict, NotFound
from vitalsdesk.services.schemas import StaffUserOut
from vitalsdesk.services.set_records import patient_record, set_record, staff_refs
from vitalsdesk.settings import Hl7Interface
from vitalsdesk.vocabulary import ADMIN_ROLES

log = logging.getLogger(__name__)

PENDING: Final = "pending"
SENT: Final = "sent"
FAILED: Final = "failed"
CONTROL_ID_PREFIX = "VD"
ENTITY = "hl7_outbox"

MessageStatus = Literal["pending", "sent", "failed"]


class OutboxMessageOut(BaseModel):
    """One queued message as an administrator sees it (no message text: it holds the patient)."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    control_id: str
    patient_id: int
    set_id: int
    set_version: int
    result_status: str
    status: MessageStatus
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    ack_code: str | None
    ack_text: str | None
    created_at: datetime
    sent_at: datetime | None


class OutboxStatus(BaseModel):
    """Counts only: what the header and `outbox status` show (no patient in it)."""

    model_config = ConfigDict(frozen=True)

    configured: bool
    pending: int = 0
    sent: int = 0
    failed: int = 0
    oldest_pending: datetime | None = None
    last_sent: datetime | None = None
    # Why the first pending message has not gone yet (the last try's error), if it was tried.
    last_error: str | None = None


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    failed: int = 0  # AE or AR in this pass, or found not valid HL7 (never sent)
    pending: int = 0  # left pending after the pass
    busy: bool = False  # another room's sender is at work
    unreachable: str | None = None  # why the interface could not be reached (one line)
    waiting_until: datetime | None = None  # a backoff not yet over (the pass sent nothing)


def new_control_id() -> str:
    """MSH-10: "VD" and 18 random hex digits (20 characters, the v2.5.1 limit), unique across
    every PC and database of the clinic without asking any of them."""
    return CONTROL_ID_PREFIX + secrets.token_hex(9).upper()


def hl7_settings(interface: Hl7Interface) -> Hl7Settings:
    return Hl7Settings(
        sending_facility=interface.sending_facility,
        receiving_application=interface.receiving_application,
        receiving_facility=interface.receiving_facility,
        assigning_authority=interface.assigning_authority,
        processing_id=interface.processing_id,
    )


def _build(
    s: Session,
    row: SetRow,
    interface: Hl7Interface,
    table: RangeTable,
    control_id: str,
    *,
    validate: bool = True,
    by: StaffUser | None = None,
) -> str:
    """The ORU^R01 of a stored set, as it stands in this transaction; validated unless
    `validate` is False (the save's queue: the sender validates it before it goes)."""
    patient = s.get(Patient, row.patient_id)
    assert patient is not None  # a set's patient is a foreign key
    first, uid_of = row, {}
    while first.replaces_id is not None:
        previous = s.get(SetRow, first.replaces_id)
        assert previous is not None
        uid_of[previous.id] = previous.uid
        first = previous
    visit = None
    if row.visit_id is not None:
        visit_row = s.get(Visit, row.visit_id)
        if visit_row is not None:
            visit = VisitRecord(visit_number=f"V{visit_row.id}", started_at=visit_row.started_at)
    record = set_record(row, _staff_named(s, row, by), uid_of)
    make = build_oru if validate else compose_oru
    return make(
        patient_record(patient),
        record,
        hl7_settings(interface),
        control_id=control_id,
        message_time=utcnow(),
        result_id=first.uid,
        visit=visit,
        ranges=table,
    )


def _staff_named(s: Session, row: SetRow, by: StaffUser | None) -> dict[int, StaffRef]:
    """The staff the set names, as records. A new set or an amendment names only the person
    saving it, already loaded: no query for them inside the save's transaction."""
    named = {row.recorded_by_id, row.error_marked_by_id, row.acknowledged_by_id} - {None}
    if by is not None and named == {by.id} and by.role != IMPORT_ROLE:
        return {by.id: StaffRef(username=by.username, display_name=by.display_name)}
    return staff_refs(s, {row.id: row})


class Hl7Queue:
    """What the save path calls, in its own transaction, when the clinic has an HL7 interface."""

    def __init__(self, interface: Hl7Interface, table: RangeTable) -> None:
        self.interface = interface
        self.table = table

    def enqueue(self, s: Session, row: SetRow, by: StaffUser) -> None:
        """Queue the message of `row` (just saved, amended or marked entered-in-error).

        A message that cannot be built (a defect: the set was accepted, so it should always
        build) never stops the save: it is queued as failed with the reason, for an
        administrator to see, and the set is saved all the same. The text is composed, not yet
        validated: the sender validates it before it goes, and marks it failed if it is not."""
        s.flush()
        s.refresh(row)  # the measurements just added, the version just bumped
        control_id = new_control_id()
        status, error = PENDING, None
        try:
            message = _build(s, row, self.interface, self.table, control_id, validate=False, by=by)
        except Hl7Error as exc:
            # The reason may quote a value: it goes to the outbox row, not to the log.
            log.error("HL7 message for set %d not built", row.id)
            message, status, error = "", FAILED, f"The message could not be built: {exc}"
        item = OutboxRow(
            control_id=control_id,
            patient_id=row.patient_id,
            set_id=row.id,
            set_version=row.version,
            result_status=OBX_STATUS[row.status],
            status=status,
            message=message,
            attempts=0,
            last_error=error,
        )
        s.add(item)
        s.flush()
        audit(
            s,
            by,
            "hl7_queued" if status == PENDING else "hl7_not_built",
            patient_id=row.patient_id,
            entity=ENTITY,
            entity_id=item.id,
            set_id=row.id,
            result_status=item.result_status,
        )


# -- sending -----------------------------------------------------------------------------------


class Delivery:
    """Where messages go: the EHR's MLLP listener (with its ACK) or a drop folder (no ACK)."""

    def __init__(self, interface: Hl7Interface) -> None:
        self.interface = interface
        self._tls: ssl.SSLContext | None = None

    @property
    def destination(self) -> str:
        if self.interface.drop_folder:
            return f"folder {self.interface.drop_folder}"
        return f"{self.interface.mllp}{' (TLS)' if self.interface.tls else ''}"

    def _tls_context(self) -> ssl.SSLContext | None:
        tls = self.interface.tls
        if tls is None:
            return None
        if self._tls is None:
            context = ssl.create_default_context(cafile=tls.ca_file or None)
            if tls.cert_file:
                context.load_cert_chain(tls.cert_file, tls.key_file)
            self._tls = context
        return self._tls

    def deliver(self, control_id: str, message: str) -> Ack | None:
        """The ACK (MLLP), or None once the file is in the drop folder. Raises MllpError (or
        OSError for the folder) when the message may not have arrived, and Hl7Error, before
        anything leaves, when hl7apy finds the message invalid: nothing goes out unvalidated."""
        validate_oru(message)
        if self.interface.drop_folder:
            drop_message(Path(self.interface.drop_folder), control_id, message)
            return None
        host, port = self.interface.address
        tls = self.interface.tls
        return send_message(
            host,
            port,
            message,
            connect_timeout=self.interface.connect_timeout_seconds,
            ack_timeout=self.interface.ack_timeout_seconds,
            tls=self._tls_context(),
            server_name=(tls.server_name or None) if tls is not None else None,
        )


def backoff(interface: Hl7Interface, attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: doubling, capped."""
    seconds = interface.retry_first_seconds * 2 ** max(0, min(attempts - 1, 30))
    return timedelta(seconds=min(seconds, interface.retry_most_seconds))


def _sendable(rows: list[tuple[int, int, str]]) -> list[int]:
    """The pending messages that may go now, oldest first: none of a patient with an older
    message still pending or failed (in order per patient). rows: (id, patient, status) by id."""
    held: set[int] = set()
    out: list[int] = []
    for message_id, patient_id, status in rows:
        if patient_id in held:
            continue
        if status == PENDING:
            out.append(message_id)
        held.add(patient_id)
    return out


def _one_line(text: str, limit: int = 500) -> str:
    return " ".join(text.split())[:limit]


class OutboxService:
    """The outbox of one clinic: its status, the sender, and an administrator's retry."""

    def __init__(self, db: Database, interface: Hl7Interface | None, table: RangeTable) -> None:
        self.db = db
        self.interface = interface
        self.table = table
        self.delivery = Delivery(interface) if interface is not None else None

    @property
    def configured(self) -> bool:
        return self.interface is not None

    # -- reading -------------------------------------------------------------------------------

    def status(self) -> OutboxStatus:
        """Counts for the header line: no sign-in, since they name no patient."""

        def work(s: Session) -> OutboxStatus:
            counts = dict(
                s.execute(select(OutboxRow.status, func.count()).group_by(OutboxRow.status)).all()
            )
            oldest = s.scalar(
                select(func.min(OutboxRow.created_at)).where(OutboxRow.status == PENDING)
            )
            last_sent = s.scalar(select(func.max(OutboxRow.sent_at)))
            last_error = s.scalar(
                select(OutboxRow.last_error)
                .where(OutboxRow.status == PENDING, OutboxRow.last_error.is_not(None))
                .order_by(OutboxRow.id)
                .limit(1)
            )
            return OutboxStatus(
                configured=self.configured,
                pending=counts.get(PENDING, 0),
                sent=counts.get(SENT, 0),
                failed=counts.get(FAILED, 0),
                oldest_pending=_aware(oldest),
                last_sent=_aware(last_sent),
                last_error=last_error,
            )

        return self.db.read(work)

    def messages(
        self, actor: StaffUserOut | None, status: MessageStatus | None = FAILED, limit: int = 200
    ) -> list[OutboxMessageOut]:
        """The messages with `status` (all when None), oldest first: for an administrator, and
        audited, since an ACK's words may name the patient."""

        def work(s: Session) -> list[OutboxMessageOut]:
            by = acting_user(s, actor)
            require_role(by, *ADMIN_ROLES)
            query = select(OutboxRow).order_by(OutboxRow.id).limit(limit)
            if status is not None:
                query = query.where(OutboxRow.status == status)
            rows = [OutboxMessageOut.model_validate(r) for r in s.scalars(query)]
            audit(s, by, "hl7_outbox_viewed", entity=ENTITY, status=status or "all", n=len(rows))
            return rows

        return self.db.run(work)

    # -- an administrator's retry --------------------------------------------------------------

    def retry(self, message_id: int, actor: StaffUserOut | None) -> OutboxMessageOut:
        """A failed message goes back to pending, with the same control id, once the cause is
        fixed. One that could not be built is built again (same control id)."""
        if self.interface is None:
            raise Conflict("This clinic has no HL7 interface set up ([hl7] in settings.toml).")
        interface = self.interface

        def work(s: Session) -> OutboxMessageOut:
            by = acting_user(s, actor)
            require_role(by, *ADMIN_ROLES)
            row = s.get(OutboxRow, message_id)
            if row is None:
                raise NotFound(f"There is no message {message_id} in the outbox.")
            if row.status != FAILED:
                raise Conflict(
                    f"Message {message_id} is {row.status}, not failed: nothing to retry."
                )
            if not row.message:
                vital_set = s.get(SetRow, row.set_id, options=[selectinload(SetRow.measurements)])
                assert vital_set is not None
                try:
                    row.message = _build(s, vital_set, interface, self.table, row.control_id)
                except Hl7Error as exc:
                    raise Conflict(f"The message still cannot be built: {exc}") from None
            row.status = PENDING
            row.next_attempt_at = None
            s.flush()
            audit(
                s,
                by,
                "hl7_retried",
                patient_id=row.patient_id,
                entity=ENTITY,
                entity_id=row.id,
                ack_code=row.ack_code,
            )
            return OutboxMessageOut.model_validate(row)

        return self.db.run(work)

    # -- the sender ------------------------------------------------------------------------------

    def send_pending(
        self,
        actor: StaffUserOut | None = None,
        *,
        force: bool = False,
        now: Callable[[], datetime] = utcnow,
    ) -> SendReport:
        """Send what may go now, in order, until nothing is left or the interface cannot be
        reached. actor: who runs it (None: the app's background sender). force: do not wait for
        a backoff to end (a person asked for it). Never raises for the interface's sake: the
        report says what happened."""
        if self.interface is None or self.delivery is None:
            return SendReport()
        with single_worker.exclusive(self.db) as held:
            if not held:
                return SendReport(busy=True, pending=self.status().pending)
            return self._send(actor, force, now)

    def _send(
        self, actor: StaffUserOut | None, force: bool, now: Callable[[], datetime]
    ) -> SendReport:
        assert self.interface is not None and self.delivery is not None
        sent = failed = 0
        tried: set[int] = set()
        while True:
            head = self.db.read(partial(_next_message, tried=tried))
            if head is None:
                break
            message_id, control_id, text, not_before = head
            if not_before is not None and not force and not_before > now():
                return SendReport(sent, failed, self._pending(), waiting_until=not_before)
            tried.add(message_id)
            self.db.run(partial(_note_attempt, message_id=message_id))
            try:
                ack = self.delivery.deliver(control_id, text)
            except Hl7Error as exc:
                # Composed at the save but not valid HL7 (a defect): held for an administrator,
                # like a message the EHR refused; the patient's later messages wait behind it.
                log.error("HL7 message %d not valid: not sent", message_id)
                self.db.run(partial(_not_valid, message_id=message_id, why=str(exc), actor=actor))
                failed += 1
                continue
            except (MllpError, OSError) as exc:
                why = _one_line(f"{exc.__class__.__name__}: {exc}")
                log.warning("HL7 message %d not delivered: %s", message_id, why)
                self.db.run(
                    partial(
                        self._not_delivered, message_id=message_id, why=why, actor=actor, at=now()
                    )
                )
                return SendReport(sent, failed, self._pending(), unreachable=why)
            self.db.run(
                partial(_acknowledged, message_id=message_id, ack=ack, actor=actor, at=now())
            )
            if ack is None or ack.accepted:
                sent += 1
            else:
                failed += 1
        return SendReport(sent, failed, self._pending())

    def _pending(self) -> int:
        return self.db.read(_count_pending)

    def _not_delivered(
        self, s: Session, message_id: int, why: str, actor: StaffUserOut | None, at: datetime
    ) -> None:
        assert self.interface is not None
        row = s.get(OutboxRow, message_id)
        if row is None or row.status != PENDING:
            return
        row.last_error = why
        row.next_attempt_at = at + backoff(self.interface, row.attempts)
        if row.attempts == 1:  # the first failed try of a message is audited, not every retry
            audit(
                s,
                _actor_row(s, actor),
                "hl7_not_delivered",
                patient_id=row.patient_id,
                entity=ENTITY,
                entity_id=row.id,
            )


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _next_message(s: Session, tried: set[int]) -> tuple[int, str, str, datetime | None] | None:
    """(id, control id, text, not before) of the first message that may go now."""
    rows = s.execute(
        select(OutboxRow.id, OutboxRow.patient_id, OutboxRow.status)
        .where(OutboxRow.status.in_((PENDING, FAILED)))
        .order_by(OutboxRow.id)
    ).all()
    for message_id in _sendable([(r.id, r.patient_id, r.status) for r in rows]):
        if message_id in tried:
            continue  # once a pass: a message acknowledged for another one is not resent at once
        row = s.get(OutboxRow, message_id)
        assert row is not None
        return row.id, row.control_id, row.message, _aware(row.next_attempt_at)
    return None


def _count_pending(s: Session) -> int:
    return s.scalar(select(func.count()).where(OutboxRow.status == PENDING)) or 0


def _note_attempt(s: Session, message_id: int) -> None:
    """Counted before sending, so a sender killed mid-send leaves the try on record."""
    row = s.get(OutboxRow, message_id)
    if row is not None:
        row.attempts += 1


def _actor_row(s: Session, actor: StaffUserOut | None) -> StaffUser | None:
    return acting_user(s, actor) if actor is not None else None


def _not_valid(s: Session, message_id: int, why: str, actor: StaffUserOut | None) -> None:
    row = s.get(OutboxRow, message_id)
    if row is None or row.status != PENDING:
        return
    row.status = FAILED
    row.next_attempt_at = None
    # The reason may quote a value: it goes to the outbox row, not to the log.
    row.last_error = _one_line(f"The message is not valid HL7, so it was not sent: {why}", 2000)
    audit(
        s,
        _actor_row(s, actor),
        "hl7_not_built",
        patient_id=row.patient_id,
        entity=ENTITY,
        entity_id=row.id,
        found="before_sending",
    )


def _acknowledged(
    s: Session, message_id: int, ack: Ack | None, actor: StaffUserOut | None, at: datetime
) -> None:
    row = s.get(OutboxRow, message_id)
    if row is None or row.status != PENDING:
        return
    row.ack_code = ack.code if ack is not None else None
    row.ack_text = _one_line(ack.text, 2000) if ack is not None and ack.text else None
    row.next_attempt_at = None
    accepted = ack is None or ack.accepted
    if accepted:
        row.status, row.sent_at, row.last_error = SENT, at, None
    else:
        assert ack is not None
        row.status = FAILED
        words = f": {row.ack_text}" if row.ack_text else ""
        row.last_error = f"The EHR answered {ack.code}{words}"
    audit(
        s,
        _actor_row(s, actor),
        "hl7_sent" if accepted else "hl7_refused",
        patient_id=row.patient_id,
        entity=ENTITY,
        entity_id=row.id,
        ack_code=row.ack_code,
        attempts=row.attempts,
    )
