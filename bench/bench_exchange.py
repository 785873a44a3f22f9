"""Whole-clinic exchange benchmark: export and import through `vitalsdesk`, each beside its floor.

    .venv/bin/python bench/bench_exchange.py [--patients 100000] [--sets 1000000] [--keep DIR]

Builds (or reuses, with --keep) the clinic of bench_storage.py, then runs each command in a fresh
child process and prints its wall time and peak resident memory (getrusage RUSAGE_CHILDREN of a
process that only waits for it):
  - `vitalsdesk export csv` of the whole clinic vs the raw floor: one SQL join read with
    fetchmany and written with csv.writer, same driver and key;
  - `vitalsdesk export ndjson` of the whole clinic vs its own raw floor: the same join through
    the same driver and key, written as the same NDJSON resources (the same ids, codes, profiles,
    references and values; the Patient ids are random per export in both) with f-strings and
    orjson, no FHIR models, no validation: it handles the sets the bench clinic holds (panel, BP,
    plain members with their flags and methods), nothing an amendment, a BMI or a device adds.
    `--compare` checks, after the run, that its lines equal the export's;
  - `vitalsdesk import ndjson` of that export into an empty clinic vs the raw floor: the same
    files read line by line and the same rows inserted with executemany, in batches;
  - `vitalsdesk audit verify`.
Targets (issue 12): whole-clinic export <= 2x its raw floor and <= 300 MiB; import <= 300 MiB.
Not a test: figures are noisy; compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_storage import bulk_load, code_in_use, connect

from vitalsdesk.clinic import open_clinic
from vitalsdesk.db.encryption import KEY_ENV

ADMIN, PASSWORD = "bench-admin", "bench-password"

# Runs one command and reports its time and the peak memory of the children it waited for
# (a fresh process per measurement, so one run's peak never hides in another's).
_MEASURE = """
import json, resource, subprocess, sys, time
stdin = sys.stdin.buffer.read()
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], input=stdin, capture_output=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
sys.stdout.write(json.dumps({"seconds": seconds, "peak_kib": peak, "rc": done.returncode, "cpu": cpu,
    "stderr": done.stderr.decode(errors="replace")[-2000:]}))
"""

# The export floor: one join, fetchmany, csv.writer; the same driver and key as the app.
_FLOOR_EXPORT = """
import csv, sys
sys.path.insert(0, sys.argv[3])
from bench_storage import connect
from pathlib import Path
con = connect(Path(sys.argv[1]))
cur = con.execute(
    "SELECT p.mrn, s.uid, s.taken_at, s.status, s.superseded, m.code, m.value_text, m.unit,"
    " m.method, m.canonical_text, m.canonical_unit, m.interpretation"
    " FROM patient p JOIN vital_sign_set s ON s.patient_id = p.id"
    " JOIN measurement m ON m.set_id = s.id"
    " ORDER BY p.mrn, s.taken_at, s.id, m.position_in_set"
)
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    while rows := cur.fetchmany(5000):
        writer.writerows(rows)
"""

# The NDJSON floor: the same join (one row per value, a set's rows together), each set written as
# the export's panel and member Observations with f-strings from constant pieces worked out once
# (ndjson_floor_fragments), orjson for the few strings that need escaping.
_FLOOR_NDJSON = r"""
import hashlib, json, sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
import orjson
sys.path.insert(0, sys.argv[4])
from bench_storage import connect
F = json.loads(Path(sys.argv[3]).read_text())
folder = Path(sys.argv[2])
con = connect(Path(sys.argv[1]))
js = lambda text: orjson.dumps(text).decode()
NS = hashlib.sha1(bytes.fromhex(F["namespace"]))
PATIENT_NS = hashlib.sha1(bytes.fromhex(F["patient_namespace"]))
def uuid5(name, ns=NS):
    d = ns.copy(); d.update(name.encode()); raw = d.digest(); h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{'89ab'[(raw[8] >> 4) & 3]}{h[17:20]}-{h[20:32]}"
patient_ids = {}
with open(folder / "Patient.ndjson", "w", encoding="utf-8") as out:
    cur = con.execute("SELECT id, mrn, family_name, given_name, birth_date, sex,"
        " preferred_language, is_sample FROM patient ORDER BY mrn")
    while rows := cur.fetchmany(5000):
        lines = []
        for pid, mrn, family, given, born, sex, language, sample in rows:
            patient_ids[pid] = uid = uuid5(str(pid), PATIENT_NS)
            lines.append(f'{{"resourceType":"Patient","id":"{uid}"{F["sample_meta"] if sample else ""}'
                f',"identifier":[{F["mrn_head"]}{js(mrn)}}}],"name":[{{"use":"official","family":'
                f'{js(family)},"given":[{js(given)}]}}],"gender":{js(sex)},"birthDate":"{born}"'
                f',"communication":[{{"language":{{"coding":[{{"system":"urn:ietf:bcp:47","code":'
                f'{js(language)}}}]}},"preferred":true}}]}}\n')
        out.write("".join(lines))
performer = {}
practitioners = []
for sid, username, display in con.execute("SELECT id, username, display_name FROM staff_user"
        " WHERE id IN (SELECT DISTINCT recorded_by_id FROM vital_sign_set) ORDER BY username"):
    uid = uuid5("staff/" + username)
    performer[sid] = f',"performer":[{{"reference":"Practitioner/{uid}","display":{js(display)}}}]'
    practitioners.append(f'{{"resourceType":"Practitioner","id":"{uid}","identifier":[{{"system":'
        f'"urn:vitalsdesk:staff","value":{js(username)}}}],"name":[{{"text":{js(display)}}}]}}\n')
(folder / "Practitioner.ndjson").write_text("".join(practitioners), encoding="utf-8")
META, CODE, ORDER, INTERP = F["meta"], F["code"], F["order"], F["interpretation"]
SEVERITY = {"N": 0, "L": 1, "H": 1, "LL": 2, "HH": 2}
CONVERTS = frozenset(F["converts"])
UNIT_TEXT = F["unit_text"]
quantities = {}
def quantity(value, unit):
    q = quantities.get((value, unit))
    if q is None:
        q = quantities[(value, unit)] = (f'{{"value":{value},"unit":{js(UNIT_TEXT.get(unit, unit))}'
            f',"system":"http://unitsofmeasure.org","code":{js(unit)}}}')
    return q
def measured(m):
    return quantity(m[13], m[14]) if m[12] in CONVERTS else quantity(m[11], m[12])
zones = {}
def emit(s, ms, out):
    (_, uid, taken, offset, recorded, status, notified, ranges, by, pid) = s[:10]
    zone = zones.get(offset) or zones.setdefault(offset, timezone(timedelta(minutes=offset)))
    taken = datetime.fromisoformat(taken).replace(tzinfo=UTC).astimezone(zone).isoformat()
    issued = datetime.fromisoformat(recorded).replace(tzinfo=UTC).isoformat()
    shared = (f',"subject":{{"reference":"Patient/{patient_ids[pid]}"}},"effectiveDateTime":'
        f'"{taken}","issued":"{issued}"{performer[by]}')
    keys = [k for k in ORDER if k in ms]
    ids = [uuid5(f"{uid}/{k}") for k in keys]
    members = ",".join(f'{{"reference":"Observation/{i}"}}' for i in ids)
    out.append(f'{{"resourceType":"Observation","id":"{uuid5(uid + "/panel")}","meta":{META["panel"]}'
        f',"extension":[{{"url":"urn:vitalsdesk:extension:clinician-notified","valueBoolean":'
        f'{"true" if notified else "false"}}},{{"url":"urn:vitalsdesk:extension:reference-ranges-'
        f'version","valueString":{js(ranges)}}}],"identifier":[{{"system":"urn:vitalsdesk:set",'
        f'"value":"{uid}"}}],"status":"{status}"{CODE["panel"]}{shared},"hasMember":[{members}]}}\n')
    for key, i in zip(keys, ids):
        head = (f'{{"resourceType":"Observation","id":"{i}","meta":{META[key]},"identifier":[{{'
            f'"system":"urn:vitalsdesk:observation","value":"{uid}/{key}"}}],"status":"{status}"')
        if key == "bp":
            parts, flags = [], []
            for code, m in (("systolic", ms.get("systolic_bp")), ("diastolic", ms.get("diastolic_bp"))):
                if m is None:
                    parts.append(f'{{{CODE[code]}{F["not_performed"]}}}')
                    continue
                flag = m[16]
                if flag is not None:
                    flags.append(flag)
                parts.append(f'{{{CODE[code]},"valueQuantity":{measured(m)}'
                    f'{INTERP[flag] if flag is not None else ""}}}')
            combined = None
            if flags:
                worst = max(SEVERITY[x] for x in flags)
                top = {x for x in flags if SEVERITY[x] == worst}
                combined = top.pop() if len(top) == 1 else ("AA" if worst == 2 else "A")
            out.append(f'{head}{CODE["bp"]}{shared}{INTERP[combined] if combined else ""}'
                f',"component":[{",".join(parts)}]}}\n')
        else:
            m = ms[key]
            flag = m[16]
            code = CODE[key] if key != "body_temperature" else CODE["body_temperature/" + (m[15] or "")]
            out.append(f'{head}{code}{shared},"valueQuantity":{measured(m)}'
                f'{INTERP[flag] if flag is not None else ""}}}\n')
cur = con.execute(
    "SELECT s.id, s.uid, s.taken_at, s.taken_at_utc_offset_minutes, s.recorded_at, s.status,"
    " s.clinician_notified, s.reference_ranges_version, s.recorded_by_id, s.patient_id, m.code,"
    " m.value_text, m.unit, m.canonical_text, m.canonical_unit, m.method, m.interpretation"
    " FROM patient p JOIN vital_sign_set s ON s.patient_id = p.id"
    " JOIN measurement m ON m.set_id = s.id"
    " ORDER BY p.mrn, s.taken_at, s.id, m.position_in_set")
with open(folder / "Observation.ndjson", "w", encoding="utf-8") as f:
    current, s, ms = None, None, {}
    while rows := cur.fetchmany(5000):
        out = []
        for r in rows:
            if r[0] != current:
                if s is not None:
                    emit(s, ms, out)
                current, s, ms = r[0], r, {}
            code = r[10]
            ms["bp" if code == "systolic_bp" or code == "diastolic_bp" else code] = r
            ms[code] = r
        f.write("".join(out))
    if s is not None:
        out = []
        emit(s, ms, out)
        f.write("".join(out))
"""

# The import floor: the same NDJSON files read line by line, the same rows inserted in batches.
_FLOOR_IMPORT = """
import json, sys, uuid
sys.path.insert(0, sys.argv[3])
from bench_storage import connect
from pathlib import Path
folder = Path(sys.argv[2])
con = connect(Path(sys.argv[1]))
con.execute("INSERT INTO staff_user (id, username, display_name, role, active, failed_sign_ins,"
    " preferences, created_at, version) VALUES (9000, 'floor', 'Floor', 'import', 1, 0, '{}',"
    " '2026-01-01 00:00:00', 1)")
patients = {}
rows = []
with open(folder / "Patient.ndjson", encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        r = json.loads(line)
        patients["Patient/" + r["id"]] = n
        name = r["name"][0]
        rows.append((n, r["identifier"][0]["value"], name["family"], name["given"][0],
            name["family"].lower(), name["given"][0].lower(), r["birthDate"], r["gender"], "en",
            0, "2026-01-01 00:00:00", "2026-01-01 00:00:00", 1))
        if len(rows) >= 5000:
            con.executemany("INSERT INTO patient (id, mrn, family_name, given_name, family_key,"
                " given_key, birth_date, sex, preferred_language, is_sample, created_at,"
                " updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            con.commit(); rows.clear()
con.executemany("INSERT INTO patient (id, mrn, family_name, given_name, family_key, given_key,"
    " birth_date, sex, preferred_language, is_sample, created_at, updated_at, version)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
con.commit()
sets, values, set_id = [], [], 0
def flush():
    con.executemany("INSERT INTO vital_sign_set (id, uid, patient_id, taken_at,"
        " taken_at_utc_offset_minutes, recorded_at, recorded_by_id, status, superseded,"
        " clinician_notified, reference_ranges_version, version)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", sets)
    con.executemany("INSERT INTO measurement (set_id, position_in_set, code, value_text, unit,"
        " canonical_text, canonical_unit, interpretation, confirmed)"
        " VALUES (?,?,?,?,?,?,?,?,?)", values)
    con.commit(); sets.clear(); values.clear()
with open(folder / "Observation.ndjson", encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if r["code"]["coding"][0]["code"] == "85353-1":
            set_id += 1
            position = 0
            sets.append((set_id, r["identifier"][0]["value"], patients[r["subject"]["reference"]],
                r["effectiveDateTime"], 0, r["issued"], 9000, r["status"], 0, 0, "floor", 1))
        else:
            q = r.get("valueQuantity") or {}
            values.append((set_id, position, r["code"]["coding"][0]["code"], str(q.get("value")),
                q.get("code", ""), str(q.get("value")), q.get("code", ""), None, 0))
            position += 1
        if len(sets) >= 5000:
            flush()
flush()
"""


def ndjson_floor_fragments() -> dict[str, object]:
    """The NDJSON floor's constant pieces (codes, profiles, displays), worked out once from the
    code tables by plain dicts and orjson, as any hand-written exporter would hard-code them."""
    import uuid

    import orjson

    from vitalsdesk.clinical.measurements import LABELS
    from vitalsdesk.interop import codes as c

    def js(data: object) -> str:
        return orjson.dumps(data).decode()

    category = ',"category":[' + js(c.VITAL_SIGNS_CATEGORY) + '],"code":'
    code = {"panel": category + js({"coding": [c.PANEL.concept.coding()]})}
    meta = {"panel": js({"profile": [c.profile_url(c.PANEL.profile or "")]})}
    for member in c.MEMBERS:
        text = "Blood pressure" if member.key == "bp" else LABELS.get(member.key, member.key)
        codings = [member.concept.coding()]
        if member.key == "oxygen_saturation":
            codings.append(c.PULSE_OXIMETRY.coding())
        code[member.key] = category + js({"coding": codings, "text": text})
        meta[member.key] = js(
            {"profile": [c.profile_url(member.profile)]} if member.profile else {}
        )
    temperature = c.MEMBER_BY_KEY["body_temperature"].concept.coding()
    code["body_temperature/"] = code["body_temperature"]
    for method, concept in c.TEMPERATURE_METHOD.items():
        label = f"{LABELS['body_temperature']} ({method})"
        code["body_temperature/" + method] = category + js(
            {"coding": [temperature, concept.coding()], "text": label}
        )
    code["systolic"] = '"code":' + js({"coding": [c.SYSTOLIC.coding()]})
    code["diastolic"] = '"code":' + js({"coding": [c.DIASTOLIC.coding()]})
    mr = {"system": c.IDENTIFIER_TYPE, "code": "MR", "display": "Medical record number"}
    return {
        "namespace": uuid.UUID("c2d0b6ff-ee24-45cf-896f-41032b236601").bytes.hex(),
        "patient_namespace": uuid.uuid4().bytes.hex(),
        "sample_meta": ',"meta":' + js({"security": [c.TEST_DATA_LABEL]}),
        "mrn_head": '{"use":"usual","type":'
        + js({"coding": [mr]})
        + ',"system":'
        + js(c.MRN_SYSTEM)
        + ',"value":',
        "meta": meta,
        "code": code,
        "order": [m.key for m in c.MEMBERS],
        "interpretation": {
            flag: ',"interpretation":['
            + js({"coding": [{"system": c.INTERPRETATION, "code": flag, "display": display}]})
            + "]"
            for flag, display in c.INTERPRETATION_DISPLAY.items()
        },
        "not_performed": ',"dataAbsentReason":'
        + js(
            {
                "coding": [
                    {
                        "system": c.DATA_ABSENT_REASON,
                        "code": "not-performed",
                        "display": "Not Performed",
                    }
                ]
            }
        ),
        "converts": ["kPa", "m"],
        "unit_text": dict(c.UNIT_TEXT),
    }


def compare_ndjson(product: Path, floor: Path) -> None:
    """Say how many of the floor's lines equal the export's, each patient's random id replaced
    by its MRN in both (the only thing that cannot be the same), and show the first that differ."""
    import re

    def patient_ids(folder: Path) -> dict[str, str]:
        with (folder / "Patient.ndjson").open(encoding="utf-8") as f:
            return {
                (r := json.loads(line))["id"]: "MRN-" + r["identifier"][0]["value"] for line in f
            }

    ours, theirs = patient_ids(product), patient_ids(floor)
    pattern = re.compile(
        r'(?<="Patient/)[0-9a-f-]{36}|(?<="id":")[0-9a-f-]{36}(?=","identifier":\[\{"use")'
    )
    for name in ("Patient", "Practitioner", "Observation"):
        equal = total = 0
        shown = 0
        with (
            (product / f"{name}.ndjson").open(encoding="utf-8") as a,
            (floor / f"{name}.ndjson").open(encoding="utf-8") as b,
        ):
            for x, y in zip(a, b, strict=False):
                total += 1
                x = pattern.sub(lambda m: ours.get(m.group(0), m.group(0)), x)
                y = pattern.sub(lambda m: theirs.get(m.group(0), m.group(0)), y)
                if x == y:
                    equal += 1
                elif shown < 2:
                    shown += 1
                    print(f"  {name} differs:\n    export: {x[:400]}\n    floor:  {y[:400]}")
        print(f"{name}.ndjson: {equal:,} of {total:,} lines equal (patient ids by MRN)")


def measure(
    command: list[str], env: dict[str, str], stdin: str = "", ok: tuple[int, ...] = (0,)
) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        input=stdin.encode(),
        capture_output=True,
        env=env,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    if result["rc"] not in ok:
        raise SystemExit(f"{' '.join(command[:4])} failed: {result['stderr']}")
    return result


def show(name: str, ours: dict[str, float], floor: dict[str, float] | None) -> None:
    cells = [
        f"{ours['seconds']:>7.1f}s",
        f"{ours['cpu']:>7.1f}s",
        f"{ours['peak_kib'] / 1024:>5.0f} MiB",
    ]
    if floor is not None:
        cells += [
            f"{floor['seconds']:>9.1f}s",
            f"{floor['cpu']:>8.1f}s",
            f"{floor['peak_kib'] / 1024:>6.0f} MiB",
            f"{ours['seconds'] / floor['seconds']:>4.1f}x",
            f"{ours['cpu'] / floor['cpu']:>4.1f}x",
        ]
    else:
        cells += [f"{'':>10}", f"{'':>9}", f"{'':>10}", f"{'':>5}", f"{'':>5}"]
    print(f"| {name:<40} | " + " | ".join(cells) + " |", flush=True)


def subset(folder: Path, into: Path, patients: int) -> Path:
    """The NDJSON files of the first `patients` patients (Observation.ndjson is written patient
    by patient, in the same order as Patient.ndjson)."""
    into.mkdir()
    if (folder / "Practitioner.ndjson").exists():
        shutil.copy(folder / "Practitioner.ndjson", into / "Practitioner.ndjson")
    kept: set[str] = set()
    with (folder / "Patient.ndjson").open("rb") as src, (into / "Patient.ndjson").open("wb") as out:
        for line in src:
            if len(kept) == patients:
                break
            kept.add("Patient/" + json.loads(line)["id"])
            out.write(line)
    with (
        (folder / "Observation.ndjson").open("rb") as src,
        (into / "Observation.ndjson").open("wb") as out,
    ):
        for line in src:
            if json.loads(line)["subject"]["reference"] not in kept:
                break
            out.write(line)
    return into


def vitalsdesk(data: Path, *args: str) -> tuple[list[str], dict[str, str], str]:
    env = {**os.environ, "VITALSDESK_DATA_DIR": str(data), "VITALSDESK_USER": ADMIN}
    return [sys.executable, "-m", "vitalsdesk", *args, "--password-stdin"], env, PASSWORD + "\n"


def empty_clinic(folder: Path) -> Path:
    clinic = open_clinic(folder)
    try:
        clinic.accounts.add_user(ADMIN, PASSWORD, "admin", "Bench")
    finally:
        clinic.close()
    return folder / "vitalsdesk.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--sets", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the clinic in this folder")
    parser.add_argument(
        "--import-sets", type=int, default=10_000, help="sets of the larger import measured"
    )
    parser.add_argument(
        "--exports-only", action="store_true", help="measure the exports only (no import)"
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="check that the NDJSON floor's lines equal the export's (after the run)",
    )
    args = parser.parse_args()

    os.environ.setdefault(KEY_ENV, "be0c" * 16)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="vitalsdesk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db_file = folder / "vitalsdesk.sqlite3"
    if not db_file.exists():
        open_clinic(folder).close()
        started = time.perf_counter()
        bulk_load(db_file, args.patients, args.sets, random.Random(1))
        # A temperature is kept with its method (an import refuses one without).
        con = connect(db_file)
        con.execute("UPDATE measurement SET method = 'oral' WHERE code = 'body_temperature'")
        con.commit()
        con.close()
        print(
            f"built {args.patients:,} patients / {args.sets:,} sets in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
    clinic = open_clinic(folder)
    try:
        if not clinic.accounts.has_users():
            clinic.accounts.add_user(ADMIN, PASSWORD, "admin", "Bench")
    finally:
        clinic.close()

    work = Path(tempfile.mkdtemp(prefix="vitalsdesk-exchange-"))
    here = str(Path(__file__).resolve().parent)
    print(
        f"\nVitalsDesk exchange benchmark: {args.patients:,} patients, {args.sets:,} sets, "
        f"{date.today().isoformat()}, {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    print(code_in_use())
    # Wall time and CPU time (user + system): on a loaded machine the CPU ratio is the steadier.
    print(
        f"| {'what':<40} | {'time':>8} | {'cpu':>8} | {'peak':>9} | {'floor time':>10} | "
        f"{'floor cpu':>9} | {'floor peak':>10} | {'ratio':>5} | {'cpu ratio':>5} |"
    )
    print(
        f"|{'-' * 42}|{'-' * 10}|{'-' * 10}|{'-' * 11}|{'-' * 12}|{'-' * 11}|{'-' * 12}"
        f"|{'-' * 7}|{'-' * 11}|",
        flush=True,
    )
    try:
        cmd, env, stdin = vitalsdesk(folder, "export", "csv", "--out", str(work / "all.csv"))
        csv_run = measure(cmd, env, stdin)
        floor = measure(
            [sys.executable, "-c", _FLOOR_EXPORT, str(db_file), str(work / "floor.csv"), here],
            {**os.environ},
        )
        show("export csv (whole clinic)", csv_run, floor)
        ndjson = work / "ndjson"
        ndjson.mkdir()
        cmd, env, stdin = vitalsdesk(folder, "export", "ndjson", "--out", str(ndjson))
        ndjson_run = measure(cmd, env, stdin)
        fragments = work / "fragments.json"
        fragments.write_text(json.dumps(ndjson_floor_fragments()), encoding="utf-8")
        floor_ndjson = work / "floor-ndjson"
        floor_ndjson.mkdir()
        floor = measure(
            [
                sys.executable,
                "-c",
                _FLOOR_NDJSON,
                str(db_file),
                str(floor_ndjson),
                str(fragments),
                here,
            ],
            {**os.environ},
        )
        show("export ndjson (whole clinic)", ndjson_run, floor)
        if args.compare:
            compare_ndjson(ndjson, floor_ndjson)

        # The import checks every resource and every set (the clinical core), so it is measured
        # on the first patients' files, at two sizes: its memory is the same at both (and its
        # time per set is what the whole would take; bench_import.py runs larger sizes alone).
        for sets in () if args.exports_only else (args.import_sets // 5, args.import_sets):
            part = subset(ndjson, work / f"part-{sets}", sets * args.patients // args.sets)
            target = work / f"target-{sets}"
            empty_clinic(target)
            cmd, env, stdin = vitalsdesk(target, "import", "ndjson", str(part))
            # Exit 2: some sets were refused (the generated clinic has readings dated before a
            # birth date, which an import refuses); the rest is imported.
            imported = measure(cmd, env, stdin, ok=(0, 2))
            floor_db = empty_clinic(work / f"floor-target-{sets}")
            floor_import = measure(
                [sys.executable, "-c", _FLOOR_IMPORT, str(floor_db), str(part), here],
                {**os.environ},
            )
            show(f"import ndjson ({sets:,} sets, empty clinic)", imported, floor_import)
        if not args.exports_only:
            cmd, env, stdin = vitalsdesk(folder, "audit", "verify")
            show("audit verify", measure(cmd, env, stdin), None)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
