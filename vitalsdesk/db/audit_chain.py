"""The audit log's hash chain: SHA-256 over each event's content and the previous event's hash.

Kept apart from the ORM models so a migration can chain old events with the same function.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

_FIELDS = ("user_id", "username", "action", "patient_id", "entity", "entity_id")


def _moment(value: datetime) -> str:
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(seq: int, prev_hash: str, event: dict[str, Any]) -> str:
    """The hash of one event; `event` holds the audit_event columns by name."""
    detail = event.get("detail") or {}
    if isinstance(detail, str):  # some drivers return JSON text
        detail = json.loads(detail)
    content = {
        "seq": seq,
        "prev": prev_hash,
        "at": _moment(event["at"]),
        **{name: event.get(name) for name in _FIELDS},
        "detail": detail,
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
