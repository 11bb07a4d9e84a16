"""Handout export figures of Couple Canvas, beside bare ReportLab building the same story.

    .venv/bin/python benchmarks/handout.py [--runs N] [--quick] [--profile] [--keep DIR]

The handout (benchmarks/_handout_board.py): a 300-card board (14 filled 'Our cycle' templates with their arrows and ink,
and a chain of extra cards joined by labelled arrows), five assigned exercises (two with a personal note, one with the
therapist's own frequency), a practice with a name, two contact lines and a PNG logo, a next appointment. A4, normal
print.

1. time: `export_handout(...)` (assembly from the domain objects + layout + PDF), in this process, fonts already
   registered. Floor: benchmarks/_handout_bare.py, plain ReportLab building the same story (same paragraphs, a Drawing
   with the same boxes, words, arrows and labels, the same tables, the logo, page compression) from plain values
   prepared before timing; and a stricter floor drawing the same map by direct canvas calls, as ours does. Median of
   --runs, interleaved, after one discarded warm-up of each. The target holds against both floors.
2. size: the PDF's bytes, ours and the floor's. Reference: a one-page diagram of 14 labelled boxes exports at about
   15 KB from other tools.
3. variants (informational): large print, Letter, and `deterministic=True` (checked byte-identical twice).

`--profile` runs our export under cProfile and prints where its time goes. `--keep DIR` writes both PDFs there.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import sys
import time
from pathlib import Path

import _handout_bare as bare  # noqa: E402  (this folder is on sys.path when run as a script)
import _handout_board as bench  # noqa: E402
from _report import Report, load_average, median, ratio, spread, verdict, version_of

TIME_TARGET_RATIO = 1.5
SIZE_TARGET_KB = 200.0
REFERENCE_KB = 15.0  # a one-page diagram of 14 labelled boxes, from other tools


def timed_ms(build) -> tuple[float, bytes]:  # noqa: ANN001
    gc.collect()
    t0 = time.perf_counter()
    pdf = build()
    return (time.perf_counter() - t0) * 1000.0, pdf


def pages_of(pdf: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="measured builds of each kind (default 15)")
    parser.add_argument("--quick", action="store_true", help="at most 5 measured builds of each kind")
    parser.add_argument("--profile", action="store_true", help="profile one export with cProfile")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write handout.pdf and floor.pdf into DIR")
    args = parser.parse_args(argv)
    runs = max(1, min(args.runs, 5) if args.quick else args.runs)
    began = time.monotonic()
    report = Report()

    from couplecanvas.export import assemble_handout, export_handout
    from couplecanvas.export.fonts import register_fonts

    print(
        f"Couple Canvas handout benchmark  (Python {sys.version.split()[0]}, ReportLab {version_of('reportlab')}, "
        f"Pillow {version_of('pillow')}; {os.cpu_count()} CPUs, {sys.platform}; load average at start: "
        f"{load_average()})",
        flush=True,
    )
    t = time.monotonic()
    h = bench.build()
    print(
        f"handout: {len(h.board.cards)} cards, {len(h.board.connectors)} arrows, {len(h.board.strokes)} ink strokes, "
        f"{len(h.assignments)} exercises, logo {len(h.practice.logo) / 1024:.1f} KiB; built in "
        f"{(time.monotonic() - t) * 1000:.0f} ms; runs: {runs} measured + 1 warm-up of each kind, interleaved",
        flush=True,
    )

    def ours(**options) -> bytes:  # noqa: ANN003
        return export_handout(h.couple, h.session, h.board, h.assignments, h.library, practice=h.practice, **options)

    # Prepared before timing: the floor starts from plain values, as a hand-written script would.
    plain = bare.plain_content(assemble_handout(h.couple, h.session, h.board, h.assignments, h.library, None,
                                                h.practice))
    register_fonts()
    bare.register_bare_fonts()

    # warm-up (discarded): imports, font subsets, caches of both sides
    _, our_pdf = timed_ms(ours)
    _, floor_pdf = timed_ms(lambda: bare.build_bare(plain))

    _, direct_pdf = timed_ms(lambda: bare.build_bare(plain, direct=True))

    ours_ms: list[float] = []
    floor_ms: list[float] = []
    direct_ms: list[float] = []
    for _ in range(runs):
        ms, floor_pdf = timed_ms(lambda: bare.build_bare(plain))
        floor_ms.append(ms)
        ms, our_pdf = timed_ms(ours)
        ours_ms.append(ms)
        ms, direct_pdf = timed_ms(lambda: bare.build_bare(plain, direct=True))
        direct_ms.append(ms)
    om, fm, dm = median(ours_ms), median(floor_ms), median(direct_ms)

    Report.header("1. time (ms, in process; assembly + layout + PDF)")
    Report.row("floor: bare ReportLab, map as a Drawing", f"{fm:.0f} ms", spread(floor_ms))
    Report.row("floor: bare ReportLab, map by canvas calls", f"{dm:.0f} ms", spread(direct_ms), "", "",
               "(the stricter floor)")
    Report.row("ours: export_handout", f"{om:.0f} ms", spread(ours_ms), f"{fm:.0f} ms", ratio(om, fm),
               f"<= {TIME_TARGET_RATIO:g}x floor")
    Report.row("ours against the stricter floor", f"{om:.0f} ms", "", f"{dm:.0f} ms", ratio(om, dm),
               f"<= {TIME_TARGET_RATIO:g}x (also held to it)")

    our_kb, floor_kb = len(our_pdf) / 1024, len(floor_pdf) / 1024
    our_pages, floor_pages = pages_of(our_pdf), pages_of(floor_pdf)
    Report.header("2. size (KB; 1 KB = 1,024 bytes)")
    Report.row("reference: 14 labelled boxes, other tools", f"{REFERENCE_KB:.0f} KB", "", "", "", "(reference)")
    Report.row(f"floor: bare ReportLab ({floor_pages or '?'} pages)", f"{floor_kb:.0f} KB")
    Report.row(f"ours: handout ({our_pages or '?'} pages)", f"{our_kb:.0f} KB", "", f"{floor_kb:.0f} KB",
               ratio(our_kb, floor_kb), f"< {SIZE_TARGET_KB:.0f} KB")

    Report.header("3. variants of ours (informational; median of 3)")
    for name, options in (("large print", {"large_print": True}), ("Letter", {"page_size": "Letter"}),
                          ("deterministic", {"deterministic": True})):
        times, pdf = [], b""
        for _ in range(3):
            ms, pdf = timed_ms(lambda: ours(**options))
            times.append(ms)
        Report.row(f"{name} ({pages_of(pdf) or '?'} pages, {len(pdf) / 1024:.0f} KB)", f"{median(times):.0f} ms",
                   spread(times), f"{fm:.0f} ms", ratio(median(times), fm))
        if name == "deterministic" and ours(**options) != pdf:
            report.problem("two deterministic exports differ")

    if our_pages is not None and our_pages > 6:
        report.problem(f"the handout has {our_pages} pages: the 300-card map should fit one page")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / "handout.pdf").write_bytes(our_pdf)
        (args.keep / "floor.pdf").write_bytes(floor_pdf)
        print(f"\n  wrote {args.keep / 'handout.pdf'} and {args.keep / 'floor.pdf'}", flush=True)

    if args.profile:
        print("\nprofile of one export (cumulative, top 30)", flush=True)
        profiler = cProfile.Profile()
        profiler.enable()
        ours()
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(15)

    time_ok = om / fm <= TIME_TARGET_RATIO and om / dm <= TIME_TARGET_RATIO
    size_ok = our_kb < SIZE_TARGET_KB

    print(f"\ntotal {time.monotonic() - began:.0f} s; load average at end: {load_average()}", flush=True)
    print(f"\nsummary  ({len(h.board.cards)} cards, {len(h.assignments)} exercises, logo, A4)", flush=True)
    print(f"time     floor {fm:.0f} ms (Drawing) / {dm:.0f} ms (canvas calls) | ours {om:.0f} ms ({ratio(om, fm)} / "
          f"{ratio(om, dm)}, target <= {TIME_TARGET_RATIO:g}x: {verdict(time_ok)})", flush=True)
    print(f"size     floor {floor_kb:.0f} KB | ours {our_kb:.0f} KB, {our_pages or '?'} pages (target < "
          f"{SIZE_TARGET_KB:.0f} KB: {verdict(size_ok)}; reference {REFERENCE_KB:.0f} KB for 14 boxes)", flush=True)
    if report.print_problems():
        return 1
    return 0 if time_ok and size_ok else 1


if __name__ == "__main__":
    sys.exit(main())
