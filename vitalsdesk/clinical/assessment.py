"""Assess one vital-sign set: reject, confirm, interpret (the product decisions of
docs/clinical-basis.md).

`check_document` takes the raw JSON-like document of `vitalsdesk check` and never raises on bad
input: every problem becomes an error with the field it belongs to and a message an MA can act on.
`assess` does the same for an already validated `VitalSignSet`.

Both take the growth tables (WHO and CDC LMS data, parsed by `growth.parse_growth_tables`) as an
argument, since this package reads no files: with them, a patient under 20 gets growth z-scores
and percentiles, a BMI-for-age category from 2 years, and the implausible-value confirm tier for
weight, height, head circumference and BMI (product decision 17). Without them none of that is
computed, so every door that records or checks a set hands them in.

Both take `now`, the moment of checking (an aware datetime); without it they read the clock, so
that every door (check, record, the app, imports) refuses a reading taken in the future.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from vitalsdesk.clinical.age import Age, age_on
from vitalsdesk.clinical.bp_readings import MAX_READINGS, spread_message
from vitalsdesk.clinical.growth import (
    ADULT_YEARS,
    BMI_FOR_AGE,
    GrowthResult,
    GrowthTables,
    growth_indicators,
    implausible_measurements,
)
from vitalsdesk.clinical.measurements import (
    CONFIRMABLE,
    LABELS,
    MODEL_OF,
    AdministrativeSex,
    BpReading,
    MeasurementKey,
    Measurements,
    Quantity,
    TemperatureValue,
    VitalSignSet,
    bp_readings_problem,
    in_time_order,
    is_orthostatic,
)
from vitalsdesk.clinical.orthostatic import OrthostaticChange, Reading, orthostatic_change
from vitalsdesk.clinical.ranges import Condition, Interpretation, RangeTable
from vitalsdesk.clinical.text import text_problem
from vitalsdesk.clinical.units import (
    CANONICAL,
    Unit,
    as_entered,
    from_canonical,
    plain,
    quantize,
    to_canonical,
    with_unit,
)

Status = Literal["accepted", "needs_confirmation", "rejected"]

# The neutral flag texts of the MA screen (decision 6): never a diagnosis.
FLAG_TEXT: dict[str | None, str] = {
    "N": "Within the reference range",
    "L": "Below the reference range — tell the clinician",
    "H": "Above the reference range — tell the clinician",
    "LL": "Far below the reference range — tell the clinician now",
    "HH": "Far above the reference range — tell the clinician now",
    None: "No reference range for this measurement",
}
CRITICAL: frozenset[str] = frozenset({"LL", "HH"})

# A value rejected in one unit that would be possible in this other unit is most likely a unit slip.
_OTHER_UNIT: dict[Unit, Unit] = {
    Unit.CEL: Unit.DEG_F,
    Unit.DEG_F: Unit.CEL,
    Unit.KG: Unit.POUND,
    Unit.POUND: Unit.KG,
    Unit.CM: Unit.INCH,
    Unit.INCH: Unit.CM,
}

# Decimals shown for a canonical value that came from another unit (docs/clinical-basis.md,
# "Units and exact arithmetic").
_CANONICAL_PLACES = {Unit.CEL: 1, Unit.KG: 1, Unit.CM: 1}

# Decision 19: a reading taken more than this after the moment of checking is refused. The margin
# allows for a device or PC clock a few minutes off; exactly 10 minutes is still accepted.
FUTURE_MARGIN = timedelta(minutes=10)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Problem(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str
    message: str


class CanonicalValue(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: str
    unit: str


class MeasurementResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: Decimal
    unit: str
    canonical: CanonicalValue
    interpretation: Interpretation | None
    message: str
    confirmed: bool = False


class BmiResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: str
    category: str | None


class GrowthValue(BaseModel):
    """One growth indicator as `vitalsdesk check` reports it (clinician-facing, decision 17)."""

    model_config = ConfigDict(frozen=True)

    z: Decimal  # 2 decimals
    percentile: Decimal  # 1 decimal
    reference: str


class BpAverage(BaseModel):
    """A guided BP: the average the set's flags and category use, and how many readings made it.
    `message` is the plain-word line when two readings differ by more than 10 mmHg systolic."""

    model_config = ConfigDict(frozen=True)

    systolic: int
    diastolic: int
    unit: str = "mm[Hg]"
    readings: int
    systolic_interpretation: Interpretation | None
    diastolic_interpretation: Interpretation | None
    category: str | None
    another_reading_needed: bool
    message: str | None


class Assessment(BaseModel):
    """The result of `vitalsdesk check`, and what the GUI shows as the MA types."""

    model_config = ConfigDict(frozen=True)

    status: Status
    errors: list[Problem]
    needs_confirmation: list[Problem]
    measurements: dict[str, MeasurementResult]
    bmi: BmiResult | None
    bp_category: str | None
    reference_ranges_version: str
    # Under 20 years (with the growth tables): the indicators that apply, by name; None for
    # adults, and then `to_json` leaves the key out.
    growth: dict[str, GrowthValue] | None = None
    # Only for a set given as `bp_readings`; `to_json` leaves the key out otherwise.
    bp_average: BpAverage | None = None
    # Only for an orthostatic set (lying, then standing twice); left out of `to_json` otherwise.
    # The changes are for the clinician; the MA screen shows only `message`.
    orthostatic: OrthostaticChange | None = None

    @property
    def critical(self) -> list[str]:
        """Measurements the clinician must be told about now (the MA confirms that before saving)."""
        return [k for k, m in self.measurements.items() if m.interpretation in CRITICAL]

    def to_json(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        if self.bp_average is None:
            del data["bp_average"]
        if self.orthostatic is None:
            del data["orthostatic"]
        else:
            data["orthostatic"] = _orthostatic_json(self.orthostatic)
        for key, result in self.measurements.items():
            data["measurements"][key]["value"] = _json_number(result.value)
        if self.growth is None:
            del data["growth"]
        else:
            data["growth"] = {
                name: {
                    "z": float(value.z),
                    "percentile": float(value.percentile),
                    "reference": value.reference,
                }
                for name, value in self.growth.items()
            }
        return data


def _orthostatic_json(change: OrthostaticChange) -> dict[str, Any]:
    lying = change.lying
    return {
        "lying": {
            "systolic": _json_number(lying.systolic),
            "diastolic": _json_number(lying.diastolic),
            "heart_rate": _json_number(lying.heart_rate),
            "taken_at": lying.taken_at.isoformat(),
        },
        "standing": [
            {
                "minutes_after_lying": c.minutes_after_lying,
                **{
                    key: _json_number(getattr(c, key))
                    for key in (
                        "systolic",
                        "diastolic",
                        "heart_rate",
                        "systolic_drop",
                        "diastolic_drop",
                        "heart_rate_rise",
                    )
                },
                "crossed": c.crossed,
            }
            for c in change.standing
        ],
        "tell_clinician": change.tell_clinician,
        "message": change.message,
    }


def _json_number(value: Decimal) -> int | float:
    """A JSON number that reads back as the value entered (98.6 stays 98.6)."""
    return (
        int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    )


# -- messages -------------------------------------------------------------------------------------


def _quantity_text(value: Decimal, unit: Unit) -> str:
    return with_unit(as_entered(value), unit)


def _accepted_range(conditions: tuple[Condition, ...], unit: Unit) -> str:
    """The complement of the reject conditions, written in the unit the MA used."""
    lower = [c for c in conditions if c.is_lower]
    upper = [c for c in conditions if not c.is_lower]
    parts: list[str] = []
    if lower:
        c = max(lower, key=lambda c: c.limit)
        limit = plain(from_canonical(c.limit, unit))
        parts.append(f"more than {limit}" if c.at_or_below is not None else f"at least {limit}")
    if upper:
        c = min(upper, key=lambda c: c.limit)
        limit = plain(from_canonical(c.limit, unit))
        parts.append(f"less than {limit}" if c.at_or_above is not None else f"at most {limit}")
    return with_unit(" and ".join(parts), unit)


def _limit_text(condition: Condition, unit: Unit) -> str:
    word = {
        "below": "below",
        "at_or_below": "at or below",
        "above": "above",
        "at_or_above": "at or above",
    }
    kind = next(k for k in word if getattr(condition, k) is not None)
    return with_unit(f"{word[kind]} {plain(from_canonical(condition.limit, unit))}", unit)


# -- document parsing -------------------------------------------------------------------------------

_TOP_LEVEL = (
    "birth_date",
    "sex",
    "taken_at",
    "measurements",
    "confirmed",
    "confirmation_reasons",
    "bp_readings",
)


def _errors_of(field: str, exc: ValidationError, what: str | None = None) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"] if p != "__root__"]
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = f'"{loc[-1]}" is not a known field'
        elif err["type"] == "missing":
            msg = f'"{loc[-1]}" is required'
        where = ".".join(loc)
        label = what or field
        problems.append(
            Problem(field=field, message=f"{label}{' ' + where if where else ''}: {msg}")
        )
    return problems


def parse_document(document: Any) -> tuple[VitalSignSet | None, list[Problem]]:
    """Validate the shape of a `check` document piece by piece, so every error is listed at once.

    Returns the set built from the parts that are valid (None when the patient's birth date, sex or
    time of the reading is unusable, since no rule can be applied without them) and the errors.
    """
    if not isinstance(document, dict):
        return None, [Problem(field="document", message="the input must be a JSON object")]
    errors = _unknown_top_level(document)
    envelope_ok = _check_envelope(document, errors)
    valid = _parse_measurements(document, errors)
    confirmed = _parse_confirmed(document, errors)
    reasons = _parse_reasons(document, errors)
    readings = _parse_bp_readings(document, valid, errors)
    if not envelope_ok:
        return None, errors
    try:
        vitals = VitalSignSet.model_validate(
            {
                "birth_date": document["birth_date"],
                "sex": document["sex"],
                "taken_at": document["taken_at"],
                "measurements": Measurements(**valid),
                "confirmed": confirmed,
                "confirmation_reasons": reasons,
                "bp_readings": readings,
            }
        )
    except ValidationError as exc:  # cross-field rules (a reading taken before the birth date)
        return None, [*errors, *_errors_of("taken_at", exc, "set")]
    return vitals, errors


def _unknown_top_level(document: dict[Any, Any]) -> list[Problem]:
    errors: list[Problem] = []
    for key in document:
        if key not in _TOP_LEVEL:
            # An empty key has no name of its own: the error belongs to the object around it.
            field = str(key) or "document"
            errors.append(Problem(field=field, message=f'"{key}" is not a known field'))
    return errors


def _check_envelope(document: dict[Any, Any], errors: list[Problem]) -> bool:
    """Whether birth date, sex and time taken are all usable; the problems go to `errors`."""
    envelope_ok = True
    for key in ("birth_date", "sex", "taken_at"):
        if key not in document:
            errors.append(Problem(field=key, message=f'"{key}" is required'))
            envelope_ok = False
            continue
        try:
            _ADAPTERS[key].validate_python(document[key])
        except ValidationError:
            errors.append(Problem(field=key, message=_ENVELOPE_HELP[key]))
            envelope_ok = False
    return envelope_ok


def _parse_measurements(document: dict[Any, Any], errors: list[Problem]) -> dict[str, Any]:
    """The measurements that are valid on their own; the problems go to `errors`."""
    measurements = document.get("measurements", {})
    if not isinstance(measurements, dict):
        errors.append(Problem(field="measurements", message="measurements must be a JSON object"))
        measurements = {}
    valid: dict[str, Any] = {}
    for key, raw in measurements.items():
        model = MODEL_OF.get(key)
        if model is None:
            field = str(key) or "measurements"
            errors.append(Problem(field=field, message=f'"{key}" is not a known measurement'))
            continue
        try:
            valid[key] = model.model_validate(raw)
        except ValidationError as exc:
            errors.extend(_errors_of(key, exc, LABELS[key]))
    return valid


def _parse_bp_readings(
    document: dict[Any, Any], valid: dict[str, Any], errors: list[Problem]
) -> tuple[BpReading, ...]:
    """The readings of a guided BP when all of them are usable (else none; the problems go to
    `errors`), so a set is never averaged from part of what the MA took."""
    raw: Any = document.get("bp_readings")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        errors.append(Problem(field="bp_readings", message="bp_readings must be a list"))
        return ()
    readings: list[BpReading] = []
    for i, item in enumerate(raw, start=1):
        try:
            readings.append(BpReading.model_validate(item))
        except ValidationError as exc:
            errors.extend(_errors_of("bp_readings", exc, f"Blood pressure reading {i}"))
    if len(readings) != len(raw):
        return ()
    given = document.get("measurements")
    if isinstance(given, dict) and {"systolic_bp", "diastolic_bp"} & set(given):
        # Even a single BP equal to the average: the document names one source for the BP.
        errors.append(
            Problem(
                field="bp_readings",
                message="Give bp_readings or systolic_bp and diastolic_bp, not both",
            )
        )
        return ()
    problem = bp_readings_problem(tuple(readings), Measurements(**valid))
    if problem is not None:
        errors.append(Problem(field="bp_readings", message=problem[0].upper() + problem[1:]))
        return ()
    return tuple(readings)


def _parse_confirmed(document: dict[Any, Any], errors: list[Problem]) -> list[str]:
    """The confirmable names of `confirmed`; the problems go to `errors`."""
    raw: Any = document.get("confirmed", [])
    confirmed: list[str] = raw
    if not isinstance(raw, list) or not all(isinstance(n, str) for n in raw):
        errors.append(
            Problem(field="confirmed", message="confirmed must be a list of measurement names")
        )
        confirmed = []
    unknown = sorted(set(confirmed) - CONFIRMABLE)
    if unknown:
        errors.append(
            Problem(
                field="confirmed",
                message=f"{', '.join(unknown)} cannot be confirmed: "
                "list measurement names such as body_weight",
            )
        )
        confirmed = [n for n in confirmed if n in CONFIRMABLE]
    return confirmed


def _parse_reasons(document: dict[Any, Any], errors: list[Problem]) -> dict[str, str]:
    """A copy of `confirmation_reasons` without the unusable reasons; the problems go to `errors`."""
    reasons = document.get("confirmation_reasons", {})
    if not isinstance(reasons, dict) or not all(
        k in CONFIRMABLE and isinstance(v, str) for k, v in reasons.items()
    ):
        errors.append(
            Problem(
                field="confirmation_reasons",
                message="confirmation_reasons must map measurement names to a reason text",
            )
        )
        reasons = {}
    reasons = dict(reasons)  # the caller's document stays as it was
    for name, reason in list(reasons.items()):
        problem = text_problem(reason)
        if problem is not None:
            label = LABELS.get(name, name)
            errors.append(
                Problem(field="confirmation_reasons", message=f"The reason for {label} {problem}")
            )
            del reasons[name]
    return reasons


def _field_adapter(key: str) -> TypeAdapter[Any]:
    """Checks one field of VitalSignSet on its own, by the type the model declares for it."""
    annotation = VitalSignSet.model_fields[key].annotation
    if annotation is None:  # pydantic leaves it None only for a field declared with no type
        raise TypeError(f"VitalSignSet.{key} has no type")
    return TypeAdapter(annotation)


_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    key: _field_adapter(key) for key in ("birth_date", "sex", "taken_at")
}
_ENVELOPE_HELP = {
    "birth_date": "birth_date must be a date written YYYY-MM-DD, like 1980-06-15",
    "sex": "sex must be one of " + ", ".join(sex.value for sex in AdministrativeSex),
    "taken_at": "taken_at must be a date and time with its time zone, "
    "like 2026-11-27T09:30:00-05:00",
}


# -- the rules ----------------------------------------------------------------------------------------


def _canonical_text(value: Decimal, unit: Unit) -> str:
    canonical_unit = CANONICAL[unit]
    exact = to_canonical(value, unit)
    if canonical_unit == unit:
        return as_entered(value)
    return format(quantize(exact, _CANONICAL_PLACES.get(canonical_unit, 1)), "f")


def _reject_message(key: str, q: Quantity, rules: tuple[Condition, ...]) -> str:
    text = f"{LABELS[key]} {_quantity_text(q.value, q.unit)} is not possible"
    text += f". Accepted: {_accepted_range(rules, q.unit)}."
    other = _OTHER_UNIT.get(q.unit)
    if other is not None and all(not c.holds(to_canonical(q.value, other)) for c in rules):
        text += f" Did you mean {_quantity_text(q.value, other)}?"
    return text


def _age(vitals: VitalSignSet) -> Age:
    return age_on(vitals.birth_date, vitals.local_date_taken)


def _moment_text(moment: datetime) -> str:
    """ "30 Nov 2026 09:45", in the time zone the reading was written in (the screen's own)."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year} {moment:%H:%M}"


def future_reading_problem(taken_at: datetime, now: datetime | None = None) -> Problem | None:
    """The error for a reading taken more than FUTURE_MARGIN after `now` (default: the clock)."""
    moment = now if now is not None else datetime.now(UTC)
    if taken_at - moment <= FUTURE_MARGIN:
        return None
    return Problem(
        field="taken_at",
        message=f"The time taken ({_moment_text(taken_at)}) is in the future. "
        "Check the date and the time.",
    )


def assess(
    vitals: VitalSignSet,
    table: RangeTable,
    now: datetime | None = None,
    *,
    growth_tables: GrowthTables | None = None,
) -> Assessment:
    """`now`: the moment of checking, aware; None reads the clock (decision 19).
    `growth_tables`: see the module's note; None computes no growth."""
    if vitals.local_date_taken < vitals.birth_date:
        return _rejected(
            [Problem(field="taken_at", message="taken_at is before the patient's birth date")],
            table,
        )
    age = _age(vitals)
    sex = vitals.sex
    future = future_reading_problem(vitals.taken_at, now)
    errors: list[Problem] = [future] if future is not None else []
    confirm: list[Problem] = []
    results: dict[str, MeasurementResult] = {}
    present = vitals.measurements.present()
    rejected: set[str] = set()
    for key, q in present.items():
        result = _measurement_result(key, q, vitals, table, age, errors, confirm)
        if result is None:
            rejected.add(key)
        else:
            results[key] = result

    _cross_checks(present, rejected, errors)
    _check_bp_readings(vitals, table, age, now, errors, rejected)
    bmi = _bmi(vitals, table, age, sex, rejected, confirm)
    bp_category = _bp_category(vitals.measurements, table, age, sex, rejected)
    growth: dict[str, GrowthValue] | None = None
    if growth_tables is not None and age.years < ADULT_YEARS:
        found = _growth(vitals, growth_tables, present, rejected, bmi)
        growth = {
            name: GrowthValue(z=r.z, percentile=r.percentile, reference=r.reference)
            for name, r in found.items()
        }
        bmi = _growth_confirm_tier(vitals, found, present, bmi, results, confirm)
    status: Status = "rejected" if errors else "needs_confirmation" if confirm else "accepted"
    bp_average = _bp_average(vitals, results, bp_category, rejected)
    orthostatic = _orthostatic(vitals, table, rejected)
    return Assessment(
        status=status,
        errors=errors,
        needs_confirmation=confirm,
        measurements=results,
        bmi=bmi,
        bp_category=bp_category,
        reference_ranges_version=table.version_label,
        growth=growth,
        bp_average=bp_average,
        orthostatic=orthostatic,
    )


def _orthostatic(
    vitals: VitalSignSet, table: RangeTable, rejected: set[str]
) -> OrthostaticChange | None:
    if not is_orthostatic(vitals.bp_readings) or {"systolic_bp", "diastolic_bp"} & rejected:
        return None
    lying, *standing = (
        Reading(
            systolic=r.systolic,
            diastolic=r.diastolic,
            heart_rate=r.heart_rate,
            taken_at=r.taken_at,
        )
        for r in in_time_order(vitals.bp_readings)
        if r.heart_rate is not None  # checked when the set was built
    )
    return orthostatic_change(lying, standing, table.orthostatic)


def _check_bp_readings(
    vitals: VitalSignSet,
    table: RangeTable,
    age: Age,
    now: datetime | None,
    errors: list[Problem],
    rejected: set[str],
) -> None:
    """Each reading of a guided BP meets the rules of a single BP: the same reject limits,
    systolic above diastolic, and not taken in the future. One bad reading rejects the set."""
    before = len(errors)
    for i, reading in enumerate(vitals.bp_readings, start=1):
        late = future_reading_problem(reading.taken_at, now)
        if late is not None:
            errors.append(Problem(field="bp_readings", message=f"Reading {i}: {late.message}"))
        values: list[tuple[str, Decimal, Unit]] = [
            ("systolic_bp", reading.systolic, Unit.MM_HG),
            ("diastolic_bp", reading.diastolic, Unit.MM_HG),
        ]
        if reading.heart_rate is not None:
            values.append(("heart_rate", reading.heart_rate, Unit.PER_MIN))
        for key, value, unit in values:
            conditions = table.reject_conditions(key, age, vitals.sex)
            if any(c.holds(value) for c in conditions):
                q = MODEL_OF[key](value=value, unit=unit)
                text = _reject_message(key, q, conditions)
                errors.append(Problem(field="bp_readings", message=f"Reading {i}: {text}"))
        if reading.systolic <= reading.diastolic:
            errors.append(
                Problem(
                    field="bp_readings",
                    message=f"Reading {i}: systolic {as_entered(reading.systolic)} mmHg is not "
                    f"above diastolic {as_entered(reading.diastolic)} mmHg. Were the two numbers "
                    "swapped?",
                )
            )
    if len(errors) > before:
        rejected.update({"systolic_bp", "diastolic_bp"})


def _bp_average(
    vitals: VitalSignSet,
    results: dict[str, MeasurementResult],
    bp_category: str | None,
    rejected: set[str],
) -> BpAverage | None:
    if (
        not vitals.bp_readings
        or is_orthostatic(vitals.bp_readings)
        or {"systolic_bp", "diastolic_bp"} & rejected
    ):
        return None
    systolic, diastolic = results.get("systolic_bp"), results.get("diastolic_bp")
    if systolic is None or diastolic is None:
        return None
    message = spread_message([r.systolic for r in vitals.bp_readings])
    return BpAverage(
        systolic=int(systolic.value),
        diastolic=int(diastolic.value),
        readings=len(vitals.bp_readings),
        systolic_interpretation=systolic.interpretation,
        diastolic_interpretation=diastolic.interpretation,
        category=bp_category,
        another_reading_needed=message is not None and len(vitals.bp_readings) < MAX_READINGS,
        message=message,
    )


def _measurement_result(
    key: str,
    q: Quantity,
    vitals: VitalSignSet,
    table: RangeTable,
    age: Age,
    errors: list[Problem],
    confirm: list[Problem],
) -> MeasurementResult | None:
    """One entered value checked against the range table: None when it is rejected (the error goes
    to `errors`); an improbable value not yet confirmed adds to `confirm`."""
    sex = vitals.sex
    exact = to_canonical(q.value, q.unit)
    rules = table.limit_rules(key, age, sex)
    reject_conditions = table.reject_conditions(key, age, sex)
    failed = [c for c in reject_conditions if c.holds(exact)]
    if key == "pain_score" and q.value != q.value.to_integral_value():
        errors.append(
            Problem(
                field=key,
                message=f"Pain score {as_entered(q.value)} is not possible. "
                "Accepted: a whole number from 0 to 10.",
            )
        )
        return None
    if failed:
        errors.append(Problem(field=key, message=_reject_message(key, q, reject_conditions)))
        return None
    improbable = [c for r in rules for c in r.confirm if c.holds(exact)]
    if improbable and key not in vitals.confirmed:
        confirm.append(
            Problem(
                field=key,
                message=f"{LABELS[key]} {_quantity_text(q.value, q.unit)} is unusual "
                f"({_limit_text(improbable[0], q.unit)}). Measure again, then confirm it.",
            )
        )
    method = q.method if isinstance(q, TemperatureValue) else None
    row = table.range_row(key, age, sex, method)
    interpretation = row.interpret(exact) if row is not None else None
    return MeasurementResult(
        value=q.value,
        unit=q.unit.value,
        canonical=CanonicalValue(
            value=_canonical_text(q.value, q.unit), unit=CANONICAL[q.unit].value
        ),
        interpretation=interpretation,
        message=FLAG_TEXT[interpretation],
        confirmed=bool(improbable) and key in vitals.confirmed,
    )


def _growth(
    vitals: VitalSignSet,
    tables: GrowthTables,
    present: dict[str, Quantity],
    rejected: set[str],
    bmi: BmiResult | None,
) -> dict[str, GrowthResult]:
    """The growth indicators of the accepted values. Height is taken as recumbent length under
    2 years (the way an infant is measured at rooming); BMI is the one the MA sees."""

    def canonical(key: str) -> Decimal | None:
        q = present.get(key)
        return None if q is None or key in rejected else to_canonical(q.value, q.unit)

    try:
        found = growth_indicators(
            tables,
            vitals.sex,
            vitals.birth_date,
            vitals.local_date_taken,
            weight_kg=canonical("body_weight"),
            height_cm=canonical("body_height"),
            head_circumference_cm=canonical("head_circumference"),
            bmi=Decimal(bmi.value) if bmi is not None else None,
        )
    except ValueError:  # a value the reject limits let through but no LMS curve can take
        return {}
    if bmi is None:  # the range table gives no BMI at this age: no BMI-for-age either
        found.pop(BMI_FOR_AGE, None)
    return found


_CONFIRM_ORDER = {key: i for i, key in enumerate([*MeasurementKey, "bmi"])}


def _growth_confirm_tier(
    vitals: VitalSignSet,
    found: dict[str, GrowthResult],
    present: dict[str, Quantity],
    bmi: BmiResult | None,
    results: dict[str, MeasurementResult],
    confirm: list[Problem],
) -> BmiResult | None:
    """Decision 17: a biologically implausible value for the age needs confirming like any other
    improbable value; a confirmed one is saved as confirmed. Also the BMI-for-age category
    (2 to < 20 years), which the adult category table leaves empty."""
    asked = {p.field for p in confirm}
    for key in implausible_measurements(found):
        if key in vitals.confirmed:
            if key in results:
                results[key] = results[key].model_copy(update={"confirmed": True})
            continue
        if key in asked:
            continue
        if key == "bmi":
            assert bmi is not None
            message = (
                f"BMI {bmi.value} is unusual for this age — measure the height and weight "
                "again, then confirm."
            )
        else:
            q = present[key]
            message = (
                f"{LABELS[key]} {_quantity_text(q.value, q.unit)} is unusual for this age — "
                "measure again, then confirm."
            )
        confirm.append(Problem(field=key, message=message))
    confirm.sort(key=lambda p: _CONFIRM_ORDER.get(p.field, len(_CONFIRM_ORDER)))
    bmi_for_age = found.get(BMI_FOR_AGE)
    if bmi is not None and bmi.category is None and bmi_for_age is not None:
        return bmi.model_copy(update={"category": bmi_for_age.category})
    return bmi


def _cross_checks(present: dict[str, Quantity], rejected: set[str], errors: list[Problem]) -> None:
    sbp, dbp = present.get("systolic_bp"), present.get("diastolic_bp")
    if sbp is None or dbp is None or {"systolic_bp", "diastolic_bp"} & rejected:
        return
    if sbp.value <= dbp.value:
        errors.append(
            Problem(
                field="systolic_bp",
                message=f"Systolic blood pressure {as_entered(sbp.value)} mmHg is not above "
                f"diastolic {as_entered(dbp.value)} mmHg. Were the two numbers swapped?",
            )
        )
        rejected.update({"systolic_bp", "diastolic_bp"})


def bmi_value(weight: Quantity, height: Quantity) -> Decimal:
    """BMI from exact kg and m, rounded to one decimal (CDC), as the MA sees it."""
    kg = to_canonical(weight.value, weight.unit)
    metres = to_canonical(height.value, height.unit) / 100
    return quantize(kg / (metres * metres), 1)


def _bmi(
    vitals: VitalSignSet,
    table: RangeTable,
    age: Age,
    sex: AdministrativeSex,
    rejected: set[str],
    confirm: list[Problem],
) -> BmiResult | None:
    m = vitals.measurements
    if m.body_weight is None or m.body_height is None or {"body_weight", "body_height"} & rejected:
        return None
    if not table.bmi.min_age.reached_by(age):
        return None
    value = bmi_value(m.body_weight, m.body_height)
    improbable = [
        c for r in table.limit_rules("bmi", age, sex) for c in r.confirm if c.holds(value)
    ]
    if improbable and "bmi" not in vitals.confirmed:
        confirm.append(
            Problem(
                field="bmi",
                message=f"BMI {value} is unusual ({_limit_text(improbable[0], Unit.SCORE)} kg/m²). "
                "Check the height and weight, then confirm.",
            )
        )
    row = table.bmi_category_row(age, sex)
    category = None
    if row is not None:
        category = next((c.name for c in row.categories if c.value.holds(value)), row.default)
    return BmiResult(value=format(value, "f"), category=category)


def _bp_category(
    m: Measurements, table: RangeTable, age: Age, sex: AdministrativeSex, rejected: set[str]
) -> str | None:
    if (
        m.systolic_bp is None
        or m.diastolic_bp is None
        or {"systolic_bp", "diastolic_bp"} & rejected
    ):
        return None
    row = table.bp_category_row(age, sex)
    if row is None:
        return None
    sbp, dbp = m.systolic_bp.value, m.diastolic_bp.value
    for category in row.categories:
        if (category.systolic is not None and category.systolic.holds(sbp)) or (
            category.diastolic is not None and category.diastolic.holds(dbp)
        ):
            return category.name
    return row.default


def _rejected(errors: list[Problem], table: RangeTable) -> Assessment:
    return Assessment(
        status="rejected",
        errors=errors,
        needs_confirmation=[],
        measurements={},
        bmi=None,
        bp_category=None,
        reference_ranges_version=table.version_label,
    )


def check_document(
    document: Any,
    table: RangeTable,
    now: datetime | None = None,
    *,
    growth_tables: GrowthTables | None = None,
) -> Assessment:
    """Validate and assess a raw document; bad input is a rejected assessment, never an exception.
    `now`: the moment of checking, aware; None reads the clock (decision 19).
    `growth_tables`: see the module's note; None computes no growth."""
    vitals, errors = parse_document(document)
    if vitals is None:
        return _rejected(errors, table)
    result = assess(vitals, table, now, growth_tables=growth_tables)
    if not errors:
        return result
    return result.model_copy(update={"status": "rejected", "errors": [*errors, *result.errors]})
