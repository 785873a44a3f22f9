#!/usr/bin/env python3
"""Render page 1 of every shipped handout template (English and Spanish) to PNG for review.

    .venv/bin/python scripts/render-handout-previews.py [--out docs/handouts] [--dpi 72]
                                                         [--large-print] [--a4] [--all-pages]
                                                         [--only ID] [--pdf]

Writes <out>/<id>.<language>.png (…-large.png with --large-print), or the PDFs themselves with
--pdf. The sheets come through the same code as a real print: a throwaway clinic (plain SQLite in
a temporary folder, removed at the end) gets the made-up sample patients (tests/handouts/samples.py),
their vital signs are recorded through the services, and each sheet is built by
HandoutService.request_for and drawn by HandoutService.preview, as the app does. So the previews
can never show wording the printed sheet does not. The PDF goes to pdftoppm (poppler-utils)
through a pipe.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.handouts.samples: the sample patient is test data

from tests.handouts.samples import open_sample_clinic  # noqa: E402


def _shrink(png: Path) -> None:
    """A 64-colour palette: the sheets are text and flat fills, and the PNGs live in git."""
    from PIL import Image  # Pillow comes with ReportLab

    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE)
    small.save(png, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "handouts")
    parser.add_argument("--dpi", type=int, default=72)
    parser.add_argument("--large-print", action="store_true")
    parser.add_argument("--a4", action="store_true")
    parser.add_argument("--all-pages", action="store_true", help="every page, not only page 1")
    parser.add_argument("--only", metavar="ID", help="only this template id")
    parser.add_argument("--pdf", action="store_true", help="write the PDFs, not PNGs")
    args = parser.parse_args(argv)

    if not args.pdf and shutil.which("pdftoppm") is None:
        print(
            "pdftoppm not found: install poppler-utils (scripts/system-deps.sh test)",
            file=sys.stderr,
        )
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = ("-large" if args.large_print else "") + ("-a4" if args.a4 else "")
    page_size = "a4" if args.a4 else "letter"
    with (
        tempfile.TemporaryDirectory(prefix="vitalsdesk-previews-") as folder,
        open_sample_clinic(Path(folder) / "data", page_size=page_size) as sample,
    ):
        library = sample.clinic.handouts.library()
        for error in library.errors:
            print(f"template left out: {error}", file=sys.stderr)
        for entry in library.list():
            if args.only and entry.id != args.only:
                continue
            template = library.get(entry.id, entry.language)
            assert template is not None
            pdf = sample.preview(template, large_print=args.large_print, page_size=page_size)
            root = args.out / f"{entry.id}.{entry.language}{suffix}"
            if args.pdf:
                target = root.with_name(root.name + ".pdf")
                target.write_bytes(pdf)
                print(target)
                continue
            pages = [] if args.all_pages else ["-f", "1", "-l", "1", "-singlefile"]
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(args.dpi), *pages, "-", str(root)],
                input=pdf,
                check=True,
            )
            for png in sorted(args.out.glob(f"{root.name}*.png")):
                _shrink(png)
                print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
