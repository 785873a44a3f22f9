"""`vitalsdesk device decode|replay`: read what a Bluetooth health device sends.

Open like `check`: they read and write no patient data, so nobody signs in. Both print the same
JSON for a reading: "measurements" in the shape `vitalsdesk check` reads, the device's own
"taken_at", its "status" flags in words, and "other" values it sent (kept for provenance).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vitalsdesk.cli.common import EXIT_INVALID, EXIT_OK, InputError, read_json


def cmd_device_decode(args: argparse.Namespace) -> int:
    from vitalsdesk.devices.gatt import decode, parse_characteristic, parse_payload
    from vitalsdesk.devices.reading import DecodeError
    from vitalsdesk.interop.exact_json import dumps

    try:
        reading = decode(parse_characteristic(args.characteristic), parse_payload(args.hex))
    except DecodeError as exc:
        raise InputError(str(exc)) from None
    sys.stdout.write(dumps(reading.to_json()) + "\n")
    return EXIT_OK


def cmd_device_replay(args: argparse.Namespace) -> int:
    import asyncio

    from vitalsdesk.devices.transport import ReplayFileError, ReplayTransport, parse_replay

    try:
        entries = parse_replay(read_json(args.file))
    except ReplayFileError as exc:
        raise InputError(f"{args.file}: {exc}") from None
    transport = ReplayTransport(entries, wait=not args.no_wait)
    failures = asyncio.run(_print_readings(transport))
    return EXIT_INVALID if failures else EXIT_OK


async def _print_readings(transport: Any) -> int:
    """One JSON line per reading as it arrives; a payload that fails is one line on stderr."""
    from vitalsdesk.devices.transport import DecodeFailure, readings
    from vitalsdesk.interop.exact_json import dumps

    failures = 0
    number = 0
    async for event in readings(transport):
        number += 1
        if isinstance(event, DecodeFailure):
            failures += 1
            print(f"vitalsdesk device: reading {number}: {event.message}", file=sys.stderr)
        else:
            sys.stdout.write(dumps(event.to_json(), indent=None) + "\n")
        sys.stdout.flush()  # a reading shows when it arrives, also through a pipe
    return failures


def register(commands: Any) -> None:
    device = commands.add_parser(
        "device",
        help="decode what a Bluetooth health device sends (no sign-in: no patient data)",
        description="Decode Bluetooth health-device payloads: blood pressure (2A35), "
        "thermometer (2A1C), scale (2A9D), pulse oximeter spot check (2A5E). Values are shown "
        "as the device reported them, in its unit. Needs no sign-in: reads no patient data.",
    )
    actions = device.add_subparsers(dest="device_command", metavar="ACTION", required=True)

    decode = actions.add_parser(
        "decode",
        help="decode one payload and print it as JSON",
        description="Decode one payload of a characteristic and print one JSON object: "
        "measurements (as `vitalsdesk check` reads them), taken_at (the device's clock, or "
        "null), status (the device's flags in words) and other values it sent. Exit status: 0 "
        "decoded, 2 the payload cannot be decoded.",
    )
    decode.add_argument(
        "characteristic",
        metavar="CHARACTERISTIC",
        help="2A35 (blood pressure), 2A1C (temperature), 2A9D (weight) or 2A5E (pulse oximeter)",
    )
    decode.add_argument("hex", metavar="HEX", help='the payload in hexadecimal, e.g. "1e7200..."')
    decode.set_defaults(handler=cmd_device_decode)

    replay = actions.add_parser(
        "replay",
        help="play back recorded payloads, printing one JSON line per reading",
        description="Play back a recording: a JSON list of {characteristic, hex, delay_s}. "
        "Each payload is decoded as it arrives (after its delay, at most 10 s) and printed as "
        "one JSON line. Exit status: 0 all decoded, 2 a payload or the file could not be used.",
    )
    replay.add_argument("file", metavar="FILE", help='the recording, or "-" for standard input')
    replay.add_argument(
        "--no-wait", action="store_true", help="do not wait the recorded delays (for tests)"
    )
    replay.set_defaults(handler=cmd_device_replay)
