"""Handout export figures of Couple Canvas, beside bare ReportLab building the same story.

    .venv/bin/python benchmarks/handout.py [--runs N] [--quick] [--profile] [--keep DIR]

The handout (benchmarks/_handout_board.py): a 300-card board (14 filled 'Our cycle' templates with their arrows and ink,
and a chain of extra cards joined by labelled arrows), five assigned exercises (two with a personal note, one with the
therapist's own frequency, one with a log table to write in), a practice with a name, two contact lines and a PNG
logo, a next appointment. A4, normal print. What it prints: the heading, a line saying where the map is, the cycle
step by step, the "I feel" card, the homework (tick grids headed with the seven days after the session, "Keeping
track" beside each, the log table), then the map on sideways pages of its own (too big to read on an upright page:
its parts and tiles, about 18 pages, every word at 9 pt or more), and last the plan for the fridge.

1. time: `export_handout(...)` (assembly from the domain objects + layout + PDF), in this process, fonts already
   registered. Floor: benchmarks/_handout_bare.py, plain ReportLab building the same story (the same sections and
   tables, the same map parts on the same sideways pages, each clipped to its window, words at the same smallest
   size, the plan card, 'Page n of N', page compression) from plain values prepared before timing (what to draw is
   taken from our layout: the map's parts and scales, the arrows' courses, the worksheets' words, the plan card's
   type scale); the map as reportlab.graphics Drawings, and a stricter floor drawing it by direct canvas calls, as
   ours does. Median of --runs, interleaved, after one discarded warm-up of each. The target holds against both.
2. size and readability: the PDF's bytes and pages, ours and the floor's; the map's smallest word on paper, read back
   from the PDF (the text inside the /BoardMap marked-content sections), ours and the floor's. Problems: a map word
   under the look's smallest size (9 pt), or the floor's page count more than PAGE_SLACK away from ours (then the
   floor no longer builds the same story). Reference: a one-page diagram of 14 labelled boxes exports at about 15 KB
   from other tools.
3. variants (informational): large print, Letter, and `deterministic=True` (checked byte-identical twice).
4. six templates: a board holding the six templates therapists expect first (`build_six_templates()`: five of them
   print as worksheets), the same couple and homework: ours' time, pages and KB beside its floor (both kinds), held to
   the same targets. Then the plan for the fridge alone, `render_plan_card(data, page_size="A4")` on the benchmark
   board's assembled data, beside bare ReportLab laying out the same page (informational: no target).

`--profile` runs our export under cProfile and prints where its time goes. `--keep DIR` writes the PDFs there.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import math
import os
import pstats
import sys
import time
from pathlib import Path

import _handout_bare as bare  # this folder is on sys.path when run as a script
import _handout_board as bench
from _report import Report, load_average, median, ratio, spread, verdict, version_of

TIME_TARGET_RATIO = 1.5
SIZE_TARGET_KB = 200.0
REFERENCE_KB = 15.0  # a one-page diagram of 14 labelled boxes, from other tools
PAGE_SLACK = 2  # the floor's page count may differ from ours by this many (keeping-together rules differ a little)
MAP_TAG = "BoardMap"  # the marked-content section around the map's drawing (board_map.MARKED_CONTENT_TAG)


def timed_ms(build) -> tuple[float, bytes]:
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


def smallest_map_word(pdf: bytes) -> float | None:
    """The smallest size on paper (points) of any word drawn inside the map's marked-content sections, as
    tests/export/test_map_readable.py reads it; None without pypdf or without map words."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    sizes: list[float] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        depth = [0]

        def before(operator, operands, cm, tm) -> None:
            if operator == b"BMC" and operands and operands[0] == f"/{MAP_TAG}":
                depth[0] += 1
            elif operator == b"EMC" and depth[0]:
                depth[0] -= 1

        def text(words, cm, tm, font, size) -> None:
            if words.strip() and depth[0]:
                a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
                c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
                sizes.append(size * math.sqrt(abs(a * d - b * c)))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return min(sizes) if sizes else None


def interleaved(builds: dict[str, object], runs: int) -> tuple[dict[str, list[float]], dict[str, bytes]]:
    """Each build once as a discarded warm-up, then `runs` rounds of all of them in turn: their times and last PDFs."""
    pdfs = {name: build() for name, build in builds.items()}  # type: ignore[operator]
    times: dict[str, list[float]] = {name: [] for name in builds}
    for _ in range(runs):
        for name, build in builds.items():
            ms, pdfs[name] = timed_ms(build)
            times[name].append(ms)
    return times, pdfs


def pt(size: float | None) -> str:
    return "?" if size is None else f"{size:.1f} pt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="measured builds of each kind (default 15)")
    parser.add_argument("--quick", action="store_true", help="at most 5 measured builds of each kind")
    parser.add_argument("--profile", action="store_true", help="profile one export with cProfile")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the handouts, floors and plan cards into DIR")
    args = parser.parse_args(argv)
    runs = max(1, min(args.runs, 5) if args.quick else args.runs)
    began = time.monotonic()
    report = Report()

    from couplecanvas.export import assemble_handout, export_handout
    from couplecanvas.export.fonts import register_fonts
    from couplecanvas.export.plan_card import render_plan_card

    print(
        f"Couple Canvas handout benchmark  (Python {sys.version.split()[0]}, ReportLab {version_of('reportlab')}, "
        f"Pillow {version_of('pillow')}; {os.cpu_count()} CPUs, {sys.platform}; load average at start: "
        f"{load_average()})",
        flush=True,
    )
    t = time.monotonic()
    h = bench.build()
    six = bench.build_six_templates()
    print(
        f"handout: {len(h.board.cards)} cards, {len(h.board.connectors)} arrows, {len(h.board.strokes)} ink strokes, "
        f"{len(h.assignments)} exercises, logo {len(h.practice.logo) / 1024:.1f} KiB; six templates: "
        f"{len(six.board.cards)} cards; built in {(time.monotonic() - t) * 1000:.0f} ms; runs: {runs} measured + 1 "
        f"warm-up of each kind, interleaved",
        flush=True,
    )

    def ours_of(handout: bench.BenchHandout):
        def ours(**options) -> bytes:
            return export_handout(handout.couple, handout.session, handout.board, handout.assignments,
                                  handout.library, practice=handout.practice, **options)
        return ours

    def assembled(handout: bench.BenchHandout):
        return assemble_handout(handout.couple, handout.session, handout.board, handout.assignments, handout.library,
                                None, handout.practice)

    ours = ours_of(h)
    # Prepared before timing: the floor starts from plain values, as a hand-written script would.
    data = assembled(h)
    plain = bare.plain_content(data)
    plain_six = bare.plain_content(assembled(six))
    register_fonts()
    bare.register_bare_fonts()

    times, pdfs = interleaved({
        "floor": lambda: bare.build_bare(plain),
        "ours": ours,
        "direct": lambda: bare.build_bare(plain, direct=True),
    }, runs)
    om, fm, dm = median(times["ours"]), median(times["floor"]), median(times["direct"])
    our_pdf, floor_pdf, direct_pdf = pdfs["ours"], pdfs["floor"], pdfs["direct"]

    Report.header("1. time (ms, in process; assembly + layout + PDF)")
    Report.row("floor: bare ReportLab, map as Drawings", f"{fm:.0f} ms", spread(times["floor"]))
    Report.row("floor: bare ReportLab, map by canvas calls", f"{dm:.0f} ms", spread(times["direct"]), "", "",
               "(the stricter floor)")
    Report.row("ours: export_handout", f"{om:.0f} ms", spread(times["ours"]), f"{fm:.0f} ms", ratio(om, fm),
               f"<= {TIME_TARGET_RATIO:g}x floor")
    Report.row("ours against the stricter floor", f"{om:.0f} ms", "", f"{dm:.0f} ms", ratio(om, dm),
               f"<= {TIME_TARGET_RATIO:g}x (also held to it)")

    our_kb, floor_kb = len(our_pdf) / 1024, len(floor_pdf) / 1024
    our_pages, floor_pages, direct_pages = pages_of(our_pdf), pages_of(floor_pdf), pages_of(direct_pdf)
    our_small, floor_small = smallest_map_word(our_pdf), smallest_map_word(direct_pdf)
    Report.header("2. size and readability (KB; 1 KB = 1,024 bytes)")
    Report.row("reference: 14 labelled boxes, other tools", f"{REFERENCE_KB:.0f} KB", "", "", "", "(reference)")
    Report.row(f"floor: bare ReportLab ({floor_pages or '?'} pages)", f"{floor_kb:.0f} KB")
    Report.row(f"ours: handout ({our_pages or '?'} pages)", f"{our_kb:.0f} KB", "", f"{floor_kb:.0f} KB",
               ratio(our_kb, floor_kb), f"< {SIZE_TARGET_KB:.0f} KB")
    Report.row("smallest map word: ours / floor", pt(our_small), "", pt(floor_small), "",
               f">= {plain.map_font:g} pt")

    Report.header("3. variants of ours (informational; median of 3)")
    for name, options in (("large print", {"large_print": True}), ("Letter", {"page_size": "Letter"}),
                          ("deterministic", {"deterministic": True})):
        variant_times, pdf = [], b""
        for _ in range(3):
            ms, pdf = timed_ms(lambda: ours(**options))
            variant_times.append(ms)
        Report.row(f"{name} ({pages_of(pdf) or '?'} pages, {len(pdf) / 1024:.0f} KB)",
                   f"{median(variant_times):.0f} ms", spread(variant_times), f"{fm:.0f} ms",
                   ratio(median(variant_times), fm))
        if name == "deterministic" and ours(**options) != pdf:
            report.problem("two deterministic exports differ")

    six_times, six_pdfs = interleaved({
        "floor": lambda: bare.build_bare(plain_six),
        "ours": ours_of(six),
        "direct": lambda: bare.build_bare(plain_six, direct=True),
    }, runs)
    sm, sfm, sdm = median(six_times["ours"]), median(six_times["floor"]), median(six_times["direct"])
    six_kb, six_floor_kb = len(six_pdfs["ours"]) / 1024, len(six_pdfs["floor"]) / 1024
    six_pages, six_floor_pages = pages_of(six_pdfs["ours"]), pages_of(six_pdfs["floor"])
    six_small, six_floor_small = smallest_map_word(six_pdfs["ours"]), smallest_map_word(six_pdfs["direct"])
    plan_times, plan_pdfs = interleaved({
        "floor": lambda: bare.build_bare_plan(plain),
        "ours": lambda: render_plan_card(data, page_size="A4"),
    }, runs)
    pm, pfm = median(plan_times["ours"]), median(plan_times["floor"])

    Report.header(f"4. six templates ({len(six.board.cards)} cards, {len(plain_six.worksheets)} worksheets, "
                  f"{len(six.assignments)} exercises) and the plan card alone")
    Report.row(f"floor: Drawings ({six_floor_pages or '?'} pages, {six_floor_kb:.0f} KB)", f"{sfm:.0f} ms",
               spread(six_times["floor"]))
    Report.row("floor: canvas calls", f"{sdm:.0f} ms", spread(six_times["direct"]), "", "", "(the stricter floor)")
    Report.row(f"ours ({six_pages or '?'} pages, {six_kb:.0f} KB)", f"{sm:.0f} ms", spread(six_times["ours"]),
               f"{sfm:.0f} ms", ratio(sm, sfm), f"<= {TIME_TARGET_RATIO:g}x floor, < {SIZE_TARGET_KB:.0f} KB")
    Report.row("ours against the stricter floor", f"{sm:.0f} ms", "", f"{sdm:.0f} ms", ratio(sm, sdm),
               f"<= {TIME_TARGET_RATIO:g}x (also held to it)")
    Report.row("smallest map word: ours / floor", pt(six_small), "", pt(six_floor_small), "",
               f">= {plain_six.map_font:g} pt")
    Report.row(f"plan alone: bare ReportLab ({pages_of(plan_pdfs['floor']) or '?'} page)", f"{pfm:.0f} ms",
               spread(plan_times["floor"]), "", "", "(informational)")
    Report.row(f"plan alone: ours ({pages_of(plan_pdfs['ours']) or '?'} page, {len(plan_pdfs['ours']) / 1024:.0f} KB)",
               f"{pm:.0f} ms", spread(plan_times["ours"]),
               f"{pfm:.0f} ms", ratio(pm, pfm), "(render_plan_card; informational)")

    for board, pdf_pages, floor_count, small, small_floor, font in (
        ("300-card", our_pages, floor_pages, our_small, floor_small, plain.map_font),
        ("six-template", six_pages, six_floor_pages, six_small, six_floor_small, plain_six.map_font),
    ):
        if small is not None and small < font - 0.01:
            report.problem(f"the {board} handout's map prints a word at {small:.1f} pt, under {font:g} pt")
        if small_floor is not None and small_floor < font - 0.01:
            report.problem(f"the {board} floor's map prints a word at {small_floor:.1f} pt, under {font:g} pt")
        if pdf_pages is not None and floor_count is not None and abs(pdf_pages - floor_count) > PAGE_SLACK:
            report.problem(f"the {board} handout has {pdf_pages} pages and its floor {floor_count}: the floor no "
                           f"longer builds the same story")
    if direct_pages != floor_pages:
        report.problem(f"the two floors differ: {floor_pages} pages (Drawings) and {direct_pages} (canvas calls)")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for name, pdf in (("handout.pdf", our_pdf), ("floor.pdf", floor_pdf), ("floor-direct.pdf", direct_pdf),
                          ("six-handout.pdf", six_pdfs["ours"]), ("six-floor.pdf", six_pdfs["floor"]),
                          ("plan.pdf", plan_pdfs["ours"]), ("plan-floor.pdf", plan_pdfs["floor"])):
            (args.keep / name).write_bytes(pdf)
        print(f"\n  wrote handout.pdf, floor.pdf, six-*.pdf and plan*.pdf into {args.keep}", flush=True)

    if args.profile:
        print("\nprofile of one export (cumulative, top 30)", flush=True)
        profiler = cProfile.Profile()
        profiler.enable()
        ours()
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(15)

    time_ok = all(value / floor <= TIME_TARGET_RATIO for value, floor in ((om, fm), (om, dm), (sm, sfm), (sm, sdm)))
    size_ok = our_kb < SIZE_TARGET_KB and six_kb < SIZE_TARGET_KB

    print(f"\ntotal {time.monotonic() - began:.0f} s; load average at end: {load_average()}", flush=True)
    print(f"\nsummary  ({len(h.board.cards)} cards, {len(h.assignments)} exercises, logo, A4)", flush=True)
    print(f"time     floor {fm:.0f} ms (Drawings) / {dm:.0f} ms (canvas calls) | ours {om:.0f} ms ({ratio(om, fm)} / "
          f"{ratio(om, dm)}); six templates: floor {sfm:.0f} / {sdm:.0f} ms | ours {sm:.0f} ms ({ratio(sm, sfm)} / "
          f"{ratio(sm, sdm)}); target <= {TIME_TARGET_RATIO:g}x: {verdict(time_ok)}", flush=True)
    print(f"size     floor {floor_kb:.0f} KB, {floor_pages or '?'} pages | ours {our_kb:.0f} KB, {our_pages or '?'} "
          f"pages; six templates {six_kb:.0f} KB, {six_pages or '?'} pages (target < {SIZE_TARGET_KB:.0f} KB: "
          f"{verdict(size_ok)}; reference {REFERENCE_KB:.0f} KB for 14 boxes)", flush=True)
    print(f"plan     alone {pm:.0f} ms | bare {pfm:.0f} ms ({ratio(pm, pfm)}, informational)", flush=True)
    if report.print_problems():
        return 1
    return 0 if time_ok and size_ok else 1


if __name__ == "__main__":
    sys.exit(main())
