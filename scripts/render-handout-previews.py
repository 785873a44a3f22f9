#!/usr/bin/env python3
"""Render page 1 of every shipped handout template (English and Spanish) to PNG for review.

    .venv/bin/python scripts/render-handout-previews.py [--out docs/handouts] [--dpi 72]
                                                         [--large-print] [--a4] [--all-pages]

Writes <out>/<id>.<language>.png (…-large.png with --large-print). The sample patient is made up
(vitalsdesk.handouts.samples). The PDF goes to pdftoppm (poppler-utils) through a pipe: no
temporary file is written.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from vitalsdesk.handouts.library import load_library
from vitalsdesk.handouts.render import render_handout_bytes
from vitalsdesk.handouts.samples import sample_request

ROOT = Path(__file__).resolve().parent.parent


def _shrink(png: Path) -> None:
    """A 64-colour palette: the sheets are text and flat fills, and the PNGs live in git."""
    from PIL import Image  # Pillow comes with ReportLab

    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE)
    small.save(png, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "handouts")
    parser.add_argument("--dpi", type=int, default=72)
    parser.add_argument("--large-print", action="store_true")
    parser.add_argument("--a4", action="store_true")
    parser.add_argument("--all-pages", action="store_true", help="every page, not only page 1")
    parser.add_argument("--only", metavar="ID", help="only this template id")
    args = parser.parse_args(argv)

    if shutil.which("pdftoppm") is None:
        print(
            "pdftoppm not found: install poppler-utils (scripts/system-deps.sh test)",
            file=sys.stderr,
        )
        return 1
    library = load_library(None)
    for error in library.errors:
        print(f"template left out: {error}", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = ("-large" if args.large_print else "") + ("-a4" if args.a4 else "")
    for entry in library.list():
        if args.only and entry.id != args.only:
            continue
        template = library.get(entry.id, entry.language)
        assert template is not None
        request = sample_request(
            template, large_print=args.large_print, page_size="a4" if args.a4 else "letter"
        )
        pdf = render_handout_bytes(template, request)
        root = args.out / f"{entry.id}.{entry.language}{suffix}"
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
