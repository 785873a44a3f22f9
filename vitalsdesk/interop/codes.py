"""Code systems, codes and profiles of the FHIR R4 exchange (the R4 Vital Signs profiles).

Everything a receiving EHR matches on is here, in one place, so docs/fhir.md and the tests can be
checked against it. The LOINC displays are the ones of the R4 vital-signs table.
"""

from __future__ import annotations

from dataclasses import dataclass

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
BCP47 = "urn:ietf:bcp:47"

# VitalsDesk's own identifier systems and code systems (URNs: names, not web addresses).
MRN_SYSTEM = "urn:vitalsdesk:mrn"
SET_SYSTEM = "urn:vitalsdesk:set"
OBSERVATION_SYSTEM = "urn:vitalsdesk:observation"
STAFF_SYSTEM = "urn:vitalsdesk:staff"
DEVICE_SYSTEM = "urn:vitalsdesk:device"
CUFF_SIZE_SYSTEM = "urn:vitalsdesk:cuff-size"
BP_CATEGORY_SYSTEM = "urn:vitalsdesk:bp-category"
BMI_CATEGORY_SYSTEM = "urn:vitalsdesk:bmi-category"
VISIT_SYSTEM = "urn:vitalsdesk:visit"
# Encounter.class of a visit: HL7 v3 ActCode AMB "ambulatory" (an outpatient clinic visit).
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
AMBULATORY = {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"}
ACKNOWLEDGED_NOTE = "Critical value acknowledged by the clinician."

# Extensions. HL7's own where R4 has one; VitalsDesk's for what only a VitalsDesk import needs.
EXT_REPLACES = "http://hl7.org/fhir/StructureDefinition/observation-replaces"
EXT_BODY_POSITION = "http://hl7.org/fhir/StructureDefinition/observation-bodyPosition"
EXT_AMEND_REASON = "urn:vitalsdesk:extension:amend-reason"
EXT_ENTERED_IN_ERROR = "urn:vitalsdesk:extension:entered-in-error"
# Only this clinic's own confirmation that a clinician was told of a critical value.
EXT_CLINICIAN_NOTIFIED = "urn:vitalsdesk:extension:clinician-notified"
# What the system a set was imported from reported about that (never a confirmation here).
EXT_CLINICIAN_NOTIFIED_BY_SOURCE = "urn:vitalsdesk:extension:clinician-notified-reported-by-source"
EXT_REFERENCE_RANGES = "urn:vitalsdesk:extension:reference-ranges-version"
EXT_CONFIRMED = "urn:vitalsdesk:extension:confirmed-improbable"

PROFILE_BASE = "http://hl7.org/fhir/StructureDefinition/"

VITAL_SIGNS_CATEGORY = {
    "coding": [{"system": OBSERVATION_CATEGORY, "code": "vital-signs", "display": "Vital Signs"}]
}

# Test data is labelled as such on every resource (meta.security), so an EHR keeps it apart.
TEST_DATA_LABEL = {"system": ACT_REASON, "code": "HTEST", "display": "test health data"}


@dataclass(frozen=True)
class Concept:
    code: str
    display: str
    system: str = LOINC

    def coding(self) -> dict[str, str]:
        return {"system": self.system, "code": self.code, "display": self.display}


@dataclass(frozen=True)
class VitalSign:
    """One member Observation of the panel: its LOINC code and its R4 profile."""

    key: str  # the Observation's name in VitalsDesk: a measurement code, "bp" or "bmi"
    concept: Concept
    profile: str | None  # the R4 profile id; None = no R4 vital-signs profile applies


PANEL = VitalSign("panel", Concept("85353-1", "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel"), "vitalspanel")  # fmt: skip
BLOOD_PRESSURE = VitalSign(
    "bp", Concept("85354-9", "Blood pressure panel with all children optional"), "bp"
)
# US Core Average Blood Pressure (a guided BP's average), checked against the US Core STU7 example
# Observation-average-blood-pressure (hl7.org/fhir/us/core/STU7/Observation-average-blood-pressure):
# code 96607-7, components 96608-5 and 96609-3 in mm[Hg], and the number of readings as SNOMED CT
# 246432004.
AVERAGE_BP_PROFILE = (
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-average-blood-pressure"
)
AVERAGE_BP = Concept("96607-7", "Blood pressure panel mean systolic and mean diastolic")
AVERAGE_SYSTOLIC = Concept("96608-5", "Systolic blood pressure mean")
AVERAGE_DIASTOLIC = Concept("96609-3", "Diastolic blood pressure mean")
NUMBER_OF_READINGS = Concept(
    "246432004", "Number of occurrences (qualifier value)", "http://snomed.info/sct"
)
SYSTOLIC = Concept("8480-6", "Systolic blood pressure")
DIASTOLIC = Concept("8462-4", "Diastolic blood pressure")
CUFF_SIZE = Concept("8358-4", "Blood pressure device cuff size")
OXYGEN_FLOW = Concept("3151-8", "Inhaled oxygen flow rate")
PULSE_OXIMETRY = Concept("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry")

# The members of a set, in the clinical order of the rooming form (BMI after weight).
MEMBERS: tuple[VitalSign, ...] = (
    BLOOD_PRESSURE,
    VitalSign("heart_rate", Concept("8867-4", "Heart rate"), "heartrate"),
    VitalSign("respiratory_rate", Concept("9279-1", "Respiratory Rate"), "resprate"),
    VitalSign("body_temperature", Concept("8310-5", "Body temperature"), "bodytemp"),
    VitalSign(
        "oxygen_saturation", Concept("2708-6", "Oxygen saturation in Arterial blood"), "oxygensat"
    ),
    VitalSign("body_height", Concept("8302-2", "Body height"), "bodyheight"),
    VitalSign("body_weight", Concept("29463-7", "Body weight"), "bodyweight"),
    VitalSign("bmi", Concept("39156-5", "Body mass index (BMI) [Ratio]"), "bmi"),
    # Not in the R4 vital-signs table: it claims only the generic vital-signs profile.
    VitalSign(
        "pain_score",
        Concept("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
        "vitalsigns",
    ),
    VitalSign(
        "head_circumference",
        Concept("9843-4", "Head Occipital-frontal circumference"),
        "headcircum",
    ),
)
MEMBER_BY_KEY = {m.key: m for m in MEMBERS}
MEMBER_BY_LOINC = {m.concept.code: m for m in MEMBERS}


@dataclass(frozen=True)
class GrowthPercentile:
    """A child's growth percentile, sent as its own member Observation (value in %), derived
    from the measurement(s) it charts. Computed again from the values on every export; an import
    ignores it (the values it came from are imported)."""

    vital: VitalSign
    indicator: str  # the clinical growth indicator (vitalsdesk.clinical.growth)
    derived_from: tuple[str, ...]  # the member keys it is computed from
    text: str


# Codes and displays checked against published FHIR material (docs/fhir.md lists the sources):
# 59576-9, 8289-1 and 77606-2 as in the US Core Vital Signs value set and its pediatric profiles'
# examples; 8336-0 and 8303-0 as in gematik's ISiK and the MII ICU module (body weight / body
# height percentile by age) and KBV's percentile body-measure value set.
GROWTH_PERCENTILES: tuple[GrowthPercentile, ...] = (
    GrowthPercentile(
        VitalSign(
            "weight_for_age_percentile",
            Concept("8336-0", "Body weight [Percentile] Per age"),
            "vitalsigns",
        ),
        "weight_for_age",
        ("body_weight",),
        "Weight-for-age percentile",
    ),
    GrowthPercentile(
        VitalSign(
            "height_for_age_percentile", Concept("8303-0", "Body height [Percentile]"), "vitalsigns"
        ),
        "height_for_age",
        ("body_height",),
        "Length/height-for-age percentile",
    ),
    GrowthPercentile(
        VitalSign(
            "weight_for_length_percentile",
            Concept("77606-2", "Weight-for-length Per age and sex"),
            "vitalsigns",
        ),
        "weight_for_length",
        ("body_weight", "body_height"),
        "Weight-for-length percentile",
    ),
    GrowthPercentile(
        VitalSign(
            "bmi_percentile",
            Concept("59576-9", "Body mass index (BMI) [Percentile] Per age and sex"),
            "vitalsigns",
        ),
        "bmi_for_age",
        ("bmi",),
        "BMI-for-age percentile",
    ),
    GrowthPercentile(
        VitalSign(
            "head_circumference_percentile",
            Concept("8289-1", "Head Occipital-frontal circumference Percentile"),
            "vitalsigns",
        ),
        "head_circumference_for_age",
        ("head_circumference",),
        "Head circumference-for-age percentile",
    ),
)
GROWTH_PERCENTILE_LOINC = frozenset(g.vital.concept.code for g in GROWTH_PERCENTILES)

# The method-specific temperature code sent as a second coding beside 8310-5 (docs/fhir.md,
# "Temperature").
TEMPERATURE_METHOD: dict[str, Concept] = {
    "oral": Concept("8331-1", "Oral temperature"),
    "axillary": Concept("8328-7", "Axillary temperature"),
    "rectal": Concept("8332-9", "Rectal temperature"),
    "tympanic": Concept("8333-7", "Tympanic membrane temperature"),
    "temporal": Concept("75539-7", "Body temperature - Temporal artery"),
}
METHOD_BY_LOINC = {c.code: method for method, c in TEMPERATURE_METHOD.items()}

# Blood pressure: the arm as Observation.bodySite, the body position in the HL7 extension.
ARM_SITE: dict[str, Concept] = {
    "left": Concept("368208006", "Left upper arm structure", SNOMED),
    "right": Concept("368209003", "Right upper arm structure", SNOMED),
}
ARM_BY_SNOMED = {c.code: arm for arm, c in ARM_SITE.items()}
BODY_POSITION: dict[str, Concept] = {
    "sitting": Concept("33586001", "Sitting position", SNOMED),
    "standing": Concept("10904000", "Orthostatic body position", SNOMED),
    "lying": Concept("102538003", "Recumbent body position", SNOMED),
}
POSITION_BY_SNOMED = {c.code: position for position, c in BODY_POSITION.items()}
CUFF_SIZE_DISPLAY = {
    "infant": "Infant",
    "child": "Child",
    "small-adult": "Small adult",
    "adult": "Adult",
    "large-adult": "Large adult",
    "thigh": "Thigh",
}

INTERPRETATION_DISPLAY = {
    "N": "Normal",
    "L": "Low",
    "H": "High",
    "LL": "Critical low",
    "HH": "Critical high",
    "A": "Abnormal",
    "AA": "Critical abnormal",
}
# Only these are ever stored on a measurement (docs/clinical-basis.md, decision 1).
STORED_INTERPRETATIONS = frozenset({"N", "L", "H", "LL", "HH"})

BP_CATEGORY_DISPLAY = {
    "normal": "Normal",
    "elevated": "Elevated",
    "stage-1": "Stage 1 hypertension",
    "stage-2": "Stage 2 hypertension",
    "crisis": "Hypertensive crisis",
}
BMI_CATEGORY_DISPLAY = {
    "underweight": "Underweight",
    "healthy-weight": "Healthy weight",
    "overweight": "Overweight",
    "obesity-class-1": "Obesity class 1",
    "obesity-class-2": "Obesity class 2",
    "obesity-class-3": "Obesity class 3",
}
# The CDC adult categories as a flag: outside 18.5 to < 25 (docs/clinical-basis.md, "BMI").
BMI_CATEGORY_INTERPRETATION = {
    "underweight": "L",
    "healthy-weight": "N",
    "overweight": "H",
    "obesity-class-1": "H",
    "obesity-class-2": "H",
    "obesity-class-3": "H",
}

# The human-readable unit string (valueQuantity.unit) for each UCUM code VitalsDesk stores.
UNIT_TEXT = {
    "mm[Hg]": "mmHg",
    "kPa": "kPa",
    "/min": "/min",
    "Cel": "°C",
    "[degF]": "°F",
    "%": "%",
    "cm": "cm",
    "m": "m",
    "[in_i]": "in",
    "kg": "kg",
    "g": "g",
    "[lb_av]": "lb",
    "{score}": "score",
    "L/min": "L/min",
    "kg/m2": "kg/m²",
}


def profile_url(profile: str) -> str:
    return PROFILE_BASE + profile
