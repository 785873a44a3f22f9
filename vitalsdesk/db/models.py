"""The tables (SQLAlchemy 2 typed ORM). Schema changes only through Alembic migrations.

Rules the shape follows (docs/architecture.md, "Records and their shape"):
- nothing recorded is overwritten: an amendment is a new vital-sign set that points to the one it
  replaces; entered-in-error changes only the status columns, never the values;
- each quantity is stored as entered (exact decimal text and UCUM unit) beside its canonical value;
- timestamps are timezone-aware and stored in UTC; the offset of the place of the reading is kept so
  an export can say "09:30-05:00" as the MA saw it;
- the audit log is append-only (triggers refuse UPDATE and DELETE, see the first migration).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, UTC stored, aware UTC out (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: VitalsDesk stores only timezone-aware times")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Prefix search on normalised names must use a plain byte-order index on PostgreSQL too.
SearchKey = String(120).with_variant(String(120, collation="C"), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class StaffUser(Base):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    # assistant | clinician | admin; system and import are no one (never sign in, pass no check)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    preferences: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Patient(Base):
    __tablename__ = "patient"

    id: Mapped[int] = mapped_column(primary_key=True)
    mrn: Mapped[str] = mapped_column(String(40), unique=True)
    family_name: Mapped[str] = mapped_column(String(120))
    given_name: Mapped[str] = mapped_column(String(120))
    family_key: Mapped[str] = mapped_column(SearchKey)
    given_key: Mapped[str] = mapped_column(SearchKey)
    birth_date: Mapped[date] = mapped_column(Date, index=True)
    sex: Mapped[str] = mapped_column(String(16))
    preferred_language: Mapped[str] = mapped_column(String(8), default="en")
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_patient_family_key_given_key", "family_key", "given_key"),
        Index("ix_patient_given_key", "given_key"),
    )


class Visit(Base):
    __tablename__ = "visit"
    # At most one open visit per patient, kept by the database itself: two PCs that both found
    # none open cannot both start one (the second one's insert fails, and it joins the first's:
    # vitalsdesk.services.visits). Partial, so ended visits are not limited (migration 0011).
    __table_args__ = (
        Index(
            "uq_visit_open_patient_id",
            "patient_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # Stable across PCs, like a set's uid: the FHIR Encounter's identifier (migration 0007).
    uid: Mapped[str | None] = mapped_column(
        String(36), unique=True, default=lambda: str(uuid.uuid4())
    )
    # Null while the visit is open. end_reason: sign_out | new_visit | time_limit | ended.
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    end_reason: Mapped[str | None] = mapped_column(String(16))

    started_by: Mapped[StaffUser | None] = relationship(foreign_keys=[started_by_id])


class VitalSignSet(Base):
    __tablename__ = "vital_sign_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across PCs: a set exported from one PC and imported on another keeps it, so merging
    # twice never duplicates a set (FHIR Observation identifier).
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime)
    taken_at_utc_offset_minutes: Mapped[int] = mapped_column(Integer, default=0)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    # final | amended | entered-in-error (FHIR Observation.status)
    status: Mapped[str] = mapped_column(String(24), default="final")
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("vital_sign_set.id"), unique=True)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    amend_reason: Mapped[str | None] = mapped_column(Text)
    error_reason: Mapped[str | None] = mapped_column(Text)
    error_marked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    error_marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # This clinic's own confirmation that a clinician was told of a critical value.
    clinician_notified: Mapped[bool] = mapped_column(Boolean, default=False)
    # The closed loop (migration 0007): a clinician opened the critical set and acknowledged it.
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    reference_ranges_version: Mapped[str] = mapped_column(String(80))
    bmi_value: Mapped[str | None] = mapped_column(String(16))
    bmi_category: Mapped[str | None] = mapped_column(String(32))
    # Why an improbable BMI was kept (only when it needed a confirmation).
    bmi_confirm_reason: Mapped[str | None] = mapped_column(Text)
    bp_category: Mapped[str | None] = mapped_column(String(32))
    # An imported set is recorded by the clinic's import actor (no one who can sign in); what the
    # source system said about the people and the clinician is kept as its text, never matched to
    # an account here (null for sets recorded here).
    source_performer: Mapped[str | None] = mapped_column(String(200))
    source_error_marked_by: Mapped[str | None] = mapped_column(String(200))
    source_clinician_notified: Mapped[bool | None] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer, default=1)

    measurements: Mapped[list[Measurement]] = relationship(
        back_populates="vital_sign_set", order_by="Measurement.position_in_set"
    )
    recorded_by: Mapped[StaffUser] = relationship(foreign_keys=[recorded_by_id])

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (Index("ix_vital_sign_set_patient_id_taken_at", "patient_id", "taken_at"),)


class Measurement(Base):
    __tablename__ = "measurement"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("vital_sign_set.id"), index=True)
    position_in_set: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32))  # systolic_bp, heart_rate, ...
    value_text: Mapped[str] = mapped_column(String(32))  # exactly as entered
    unit: Mapped[str] = mapped_column(String(16))  # UCUM, as entered
    canonical_text: Mapped[str] = mapped_column(String(40))  # exact, 6 decimals at most
    canonical_unit: Mapped[str] = mapped_column(String(16))
    method: Mapped[str | None] = mapped_column(String(24))  # temperature route
    position: Mapped[str | None] = mapped_column(String(16))  # BP body position
    arm: Mapped[str | None] = mapped_column(String(8))
    cuff_size: Mapped[str | None] = mapped_column(String(16))
    on_supplemental_oxygen: Mapped[bool | None] = mapped_column(Boolean)
    oxygen_flow_text: Mapped[str | None] = mapped_column(String(16))
    # What the MA was shown when the set was saved. The flag words follow from it and are made
    # for display (MeasurementOut.flag_message of the services); flag_message_kept holds
    # stored words only where a set's words were not those (null for every row saved here).
    interpretation: Mapped[str | None] = mapped_column(String(4))
    flag_message_kept: Mapped[str | None] = mapped_column(String(200))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    confirm_reason: Mapped[str | None] = mapped_column(Text)
    # The device reading this value came from, unchanged (null: typed by the MA).
    device_reading_id: Mapped[int | None] = mapped_column(ForeignKey("device_reading.id"))

    vital_sign_set: Mapped[VitalSignSet] = relationship(back_populates="measurements")
    device_reading: Mapped[DeviceReading | None] = relationship()


class HandoutPrint(Base):
    __tablename__ = "handout_print"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    set_id: Mapped[int | None] = mapped_column(ForeignKey("vital_sign_set.id"))
    template_id: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    template_version: Mapped[str] = mapped_column(String(32), default="")
    output: Mapped[str] = mapped_column(String(16))  # print | pdf
    printed_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    printed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AuditEvent(Base):
    """Append-only: who did what to which record, and when. Never a vital value or a name."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40), index=True)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id"), index=True)
    entity: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    # Tamper evidence: each event's hash covers its content and the previous event's hash.
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(Base):
    """The newest link of the audit chain (one row): cuts at the end of the log show up too.

    keyed_from: the first event hashed with the audit key (HMAC); the ones before it were chained
    with plain SHA-256 by an older VitalsDesk. key_check: made with the audit key over keyed_from,
    so a PC with another key is told, and keyed_from cannot be moved without the key."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    keyed_from: Mapped[int] = mapped_column(Integer)
    key_check: Mapped[str | None] = mapped_column(String(64))


class Draft(Base):
    """What an MA typed but has not saved yet, kept durably so a crash or a lock loses nothing."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    payload: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (Index("uq_draft_user_id_patient_id", "user_id", "patient_id", unique=True),)


class Hl7OutboxMessage(Base):
    """One HL7 v2 ORU^R01 waiting for, or done with, the clinic's EHR interface.

    Queued in the transaction that saves, amends or voids the set, so no set is ever saved without
    its message or the other way round. The message text is kept as first built: a resend is the
    same bytes with the same control id (MSH-10), so the EHR can drop a duplicate."""

    __tablename__ = "hl7_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    control_id: Mapped[str] = mapped_column(String(20), unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("vital_sign_set.id"), index=True)
    set_version: Mapped[int] = mapped_column(Integer)
    result_status: Mapped[str] = mapped_column(String(1))  # OBX-11: F, C or W
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending | sent | failed
    message: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    ack_code: Mapped[str | None] = mapped_column(String(2))
    ack_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Device(Base):
    """A device of the exam room an administrator paired and named (Bluetooth or a replay)."""

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across PCs and exports (the FHIR Device's identifier).
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    name: Mapped[str] = mapped_column(String(80))  # what the MA sees: "Room 3 cuff"
    model: Mapped[str | None] = mapped_column(String(120))  # Device Information strings
    serial: Mapped[str | None] = mapped_column(String(120))
    manufacturer: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(120), unique=True)  # Bluetooth address, replay:...
    transport: Mapped[str] = mapped_column(String(16))  # bluetooth | replay
    characteristics: Mapped[str] = mapped_column(String(40))  # "2A35" or "2A35 2A5E"
    added_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DeviceReading(Base):
    """One payload a device sent, kept as it came (provenance), and what became of it.

    status: waiting (in the unassigned list), in_form (filled into an open patient's form, not
    saved), saved (its values are in a set), discarded (by the MA). A reading is never attached
    to a patient without the MA: `patient_id` is set only by the open form or an explicit attach.
    """

    __tablename__ = "device_reading"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), index=True)
    characteristic: Mapped[str] = mapped_column(String(8))  # 2A35
    payload_hex: Mapped[str] = mapped_column(Text)
    # The device's own clock as it sent it: local time without a zone (devices send none).
    device_time: Mapped[str | None] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), index=True)
    waiting_reason: Mapped[str | None] = mapped_column(String(80))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id"), index=True)
    set_id: Mapped[int | None] = mapped_column(ForeignKey("vital_sign_set.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    device: Mapped[Device] = relationship()


class BpReading(Base):
    """One reading of a guided blood pressure (migration 0010): the set's systolic_bp and
    diastolic_bp measurements hold their average; each reading keeps its own time and position."""

    __tablename__ = "bp_reading"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("vital_sign_set.id"), index=True)
    position_in_set: Mapped[int] = mapped_column(Integer)
    systolic_text: Mapped[str] = mapped_column(String(16))  # exactly as entered
    diastolic_text: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(16))  # UCUM: mm[Hg]
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime)
    taken_at_utc_offset_minutes: Mapped[int] = mapped_column(Integer, default=0)
    body_position: Mapped[str] = mapped_column(String(16))  # sitting | standing | lying
    heart_rate_text: Mapped[str | None] = mapped_column(String(16))  # /min, orthostatic sets
