#!/usr/bin/env python3
"""Benchmark (not a test): one after-care handout vs a bare ReportLab page with the same text.

    .venv/bin/python bench/bench_handout.py [--n 50] [--template wound-care] [--lang en]
                                            [--large-print]

Both run in this one process, after one warm-up each, with the same embedded DejaVu Sans: the bare
page is `canvas.drawString` line after line (no layout, no tables, no barcode), so the ratio is
what platypus layout, tables, the barcode and "Page N of M" cost on top of writing the words.
Compare ratios, not absolute times (docs/platform.md, "Benchmark floors": noisy machine).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

FLOOR = "docs/platform.md floor: one-page ReportLab handout in-process 7-12 ms"


def median_ms(run: Callable[[], object], n: int) -> tuple[float, float, float]:
    run()  # warm-up: caches, lazily built font subsets
    times = []
    for _ in range(n):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[0], times[int(len(times) * 0.9) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--template", default="wound-care")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--large-print", action="store_true")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    from reportlab.pdfgen.canvas import Canvas

    from vitalsdesk.handouts import render
    from vitalsdesk.handouts.library import load_library

    # The made-up sample patient is test data (tests/handouts/samples.py), not part of the app.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.handouts.samples import sample_request

    import_ms = (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    library = load_library(None)
    load_ms = (time.perf_counter() - start) * 1000
    template = library.get(args.template, args.lang)
    if template is None:
        print(f"no template {args.template}.{args.lang}", file=sys.stderr)
        return 2
    request = sample_request(template, large_print=args.large_print)

    start = time.perf_counter()
    render.register_fonts()
    fonts_ms = (time.perf_counter() - start) * 1000

    pdf = render.render_handout_bytes(template, request)
    values = render.resolve_fields(template, request)

    # The same words as the handout, one string per line of the bare page.
    lines = [request.clinic.name, *request.clinic.address.splitlines(), request.clinic.phone]
    lines += [template.title, f"{request.patient.family_name}, {request.patient.given_name}"]
    lines += [f"{v.label}  {v.value}  {v.detail}" for v in request.vitals]
    for section in template.sections:
        lines.append(section.heading)
        lines += [render._markup(t, values) for t in section.paragraphs + section.bullets]
    lines += [render._markup(t, values) for t in template.call_us_if + template.emergency_if]
    size = render.LARGE.body if args.large_print else render.NORMAL.body

    def bare_page() -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=render.LETTER, initialFontName=render.FONT, invariant=1)
        y = 750.0
        canvas.setFont(render.FONT, size)
        for line in lines:
            if y < 50:
                canvas.showPage()
                canvas.setFont(render.FONT, size)
                y = 750.0
            canvas.drawString(40, y, line[:110])
            y -= size * 1.3
        canvas.showPage()
        canvas.save()
        return out.getvalue()

    def handout() -> bytes:
        return render.render_handout_bytes(template, request)

    bare = bare_page()
    h_med, h_min, h_p90 = median_ms(handout, args.n)
    b_med, b_min, b_p90 = median_ms(bare_page, args.n)

    from pypdf import PdfReader  # only to count pages; fine for a benchmark

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    bare_pages = len(PdfReader(io.BytesIO(bare)).pages)
    print(f"handout {template.id}.{template.language}, large print: {args.large_print}, n={args.n}")
    print(f"  import reportlab + vitalsdesk.handouts: {import_ms:7.1f} ms (once per process)")
    print(f"  load template library ({len(library.list())} files):       {load_ms:7.1f} ms")
    print(f"  register DejaVu Sans (2 TTF):           {fonts_ms:7.1f} ms (once per process)")
    print(
        f"  render handout (platypus):  median {h_med:6.2f} ms  min {h_min:6.2f}  p90 {h_p90:6.2f}"
        f"  {pages} page(s), {len(pdf) / 1024:.0f} KiB"
    )
    print(
        f"  bare page (drawString):     median {b_med:6.2f} ms  min {b_min:6.2f}  p90 {b_p90:6.2f}"
        f"  {bare_pages} page(s), {len(bare) / 1024:.0f} KiB"
    )
    print(f"  ratio handout / bare page:  {h_med / b_med:.1f}x")
    print(f"  {FLOOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
