"""The share window in benchmarks/canvas.py: a drag painted in both windows' views of the one scene, and what opening
the share window costs in memory. Both open the board as the app does: a real `SessionController` (its repository on
the benchmark's SQLite file, the couple opened, then the session: one BoardDocument, one BoardScene), a board view for
the therapist (a bare `BoardView` at 1920 x 1080: the rest of the main window plays no part here) and a real
`ShareWindow(controller, settings)` (Settings on a temporary ini file), opened as F5 does (ShareActions.open_window:
made, following the therapist's view, shown; fitted again when it is laid out).

Figure 7, `measure_drag_two_views` (in canvas.py's process): figure 3's drag step (the drag card set a step further
round the same circle, its connectors following, the app's drag preview on) timed until every view has painted once:
with the therapist's view alone, and with the share window open too (1280 x 720, its view on the same scene with the
couple's word filter, ScreenWords: both partners have aliases and the drag card begins with a first name). One-view
and two-view runs alternate; the share window is closed between its runs and opened again for the next, so one-view
runs have one view on the scene, as in the app.

Figure 8, this file as a fresh process:

    python benchmarks/_canvas_share.py app|floor DB_PATH COUPLE_ID SESSION_ID    (prints one JSON line)

`app`: the board open and painted as above, freed memory returned as the app does after loading (malloc_trim), RSS
read; then the share window opened (placed by ShareWindow.place beside the therapist's view, as F5 does; canvas.py
gives this process an offscreen screen of 3840 x 1200 so it gets its full 1280 x 720) until its view has painted, and
RSS read again. The share window's module is imported only then, as in the app (ShareActions imports it on F5); the
main window's modules are imported before. `floor`: the bare scene and view of figure 1, then a second bare
QGraphicsView at 1280 x 720 on the same scene.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

import _canvas_scenes as scenes  # this folder is on sys.path when run as a script
from _canvas_memory import memory_kb

SHARE_SIZE = (1280, 720)  # ui.share_window.SHARE_SIZE (compared when the drag runs; not imported here, see above)
WARMUP_STEPS = 20
REOPENS = 3  # the share window opened and closed this many more times: does each opening leave memory behind?
SCREEN_CONFIG = {"screens": [{"name": "bench", "x": 0, "y": 0, "width": 3840, "height": 1200,
                              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


# -- opening the board and the share window as the app does -----------------------------------------------------------


class PaintCounter(QObject):
    """Counts the paint events a viewport receives, and how much of it the last one covered (Qt delivers the event to
    this filter first; the paint itself has run by the time the event loop call that delivered it returns)."""

    def __init__(self, viewport) -> None:
        super().__init__(viewport)
        self.viewport = viewport
        self.paints = 0
        self.last_area = 0
        viewport.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
            self.last_area = sum(r.width() * r.height() for r in event.region())
        return False


def wait_painted(counter: PaintCounter, before: int) -> bool:
    deadline = time.perf_counter() + scenes.PAINT_TIMEOUT_S
    while counter.paints == before:
        QApplication.processEvents()
        if time.perf_counter() > deadline:
            return False
    return True


def open_board(db_path: Path, couple_id: int, session_id: int):
    """A SessionController with the couple and session open, and the therapist's board view shown, fitted, painted."""
    from couplecanvas.canvas import BoardView
    from couplecanvas.storage.database import open_database, sqlite_url
    from couplecanvas.storage.repository import Repository
    from couplecanvas.ui.session_controller import Page, SessionController

    url = sqlite_url(db_path)
    controller = SessionController(lambda: Repository(open_database(url, backup=False)))
    if not (controller.open() and controller.open_couple(couple_id) and controller.open_session(session_id)):
        raise SystemExit(f"the benchmark board did not open through the session controller ({db_path})")
    controller.set_page(Page.BOARD)  # what the main window says when it shows the board
    view = BoardView()
    scenes.size_for_viewport(view)
    view.setScene(controller.scene)
    probe = PaintCounter(view.viewport())
    view.show()
    view.fit_to_content()
    if not wait_painted(probe, 0):
        raise SystemExit("the therapist's board view never painted")
    scenes.settle()
    return controller, view, probe


def close_board(controller, view) -> None:
    controller.save_open_session()
    controller.close_session()
    controller.close()
    view.hide()
    view.setScene(None)
    view.deleteLater()
    scenes.settle()
    gc.collect()


def follow(share, main_view) -> None:
    """ShareActions._follow: the share window shows the part of the board the therapist sees."""
    share.follow(main_view.mapToScene(main_view.viewport().rect()).boundingRect())


def open_share(controller, settings, main_view, place: bool, imported: list | None = None):
    """What F5 does (ShareActions.open_window, less its key actions), until the share window's board has painted.
    `place`: ShareWindow.place beside the therapist's view; else 1280 x 720 as it is (a screen too small for it).
    `imported`: a list to append the RSS in MB to, once the share window's module is imported (before it is made)."""
    from couplecanvas.ui.share_window import ShareWindow

    if imported is not None:
        imported.append(rss_mb())

    share = ShareWindow(controller, settings)
    share.resized.connect(lambda: follow(share, main_view))
    if place:
        share.place(main_view)
    else:
        share.resize(*SHARE_SIZE)
    follow(share, main_view)
    probe = PaintCounter(share.view.viewport())
    share.show()  # (open_window also raises it: the offscreen platform cannot, and says so on every call)
    painted = wait_painted(probe, 0)
    return share, probe, painted


def close_share(share) -> None:
    """What closing it does (ShareWindow.closeEvent lets go of the scene; ShareActions then deletes it)."""
    share.close()
    share.deleteLater()
    scenes.settle()


# -- figure 7: the drag, painted in one view and in two ---------------------------------------------------------------


class CountingWords:
    """The share view's word filter, counting its calls and the texts it changed (the warm-up only; the timed runs
    use the filter the share window set, untouched)."""

    def __init__(self, words) -> None:
        self.words = words
        self.calls = 0
        self.swapped = 0

    def __call__(self, text: str) -> str:
        shown = self.words(text)
        self.calls += 1
        self.swapped += shown != text
        return shown


def timed_steps_views(probes: list[PaintCounter], steps, action):
    """Run action(step), then the event loop until every view has painted; (wall ms, CPU ms, painted share of each
    viewport, steps where some view did not paint exactly once)."""
    wall: list[float] = []
    cpu: list[float] = []
    areas: list[list[float]] = [[] for _ in probes]
    fulls = [p.viewport.width() * p.viewport.height() for p in probes]
    missed = 0
    for step in steps:
        before = [p.paints for p in probes]
        t0, c0 = time.perf_counter(), time.process_time()
        action(step)
        deadline = t0 + scenes.PAINT_TIMEOUT_S
        while any(p.paints == count for p, count in zip(probes, before)):
            QApplication.processEvents()
            if time.perf_counter() > deadline:
                break
        wall.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
        if any(p.paints != count + 1 for p, count in zip(probes, before)):
            missed += 1
        for n, p in enumerate(probes):
            areas[n].append(p.last_area / fulls[n])
    return wall, cpu, areas, missed


def drag_once(scene, item, start: QPointF, offsets, probes):
    """One drag round the circle, as figure 3 times it: the drag preview on, one setPos a step, every view painted."""
    scene.clearSelection()
    began = time.perf_counter()
    scene.begin_drag_preview([item])  # what the first mouse move of a drag does on a big board
    scenes.settle()
    snapshot_ms = (time.perf_counter() - began) * 1e3
    try:
        timed = timed_steps_views(probes, offsets, lambda offset: item.setPos(start + offset))
    finally:
        scene.end_drag_preview()
        item.setPos(start)
        scenes.settle()
    return snapshot_ms, timed


CLOSE_ZOOM = 1.0  # the close-up: card words drawn in both views (below canvas.items.FAR_LOD, 0.35, they are not)


def drag_runs(report, runs: int, offsets, controller, settings, main_view, main_probe, item, start) -> dict:
    """Warm up, then alternate one-view and two-view drags, `runs` of each; every step of every run pooled."""
    scene = controller.scene
    result: dict = {key: [] for key in (
        "one", "two", "one_cpu", "two_cpu", "one_area", "two_area_main", "two_area_share",
        "one_snapshot", "two_snapshot", "one_run_medians", "two_run_medians", "open_ms")}

    # Warm-up, both views then one, a few steps each (the aliased words' glyphs, the snapshots' first pixmaps).
    share, probe, painted = open_share(controller, settings, main_view, place=False)
    words = share.view.screen_words
    counting = CountingWords(words)
    share.view.screen_words = counting
    drag_once(scene, item, start, offsets[:WARMUP_STEPS], [main_probe, probe])
    share.view.screen_words = words
    vp = share.view.viewport()
    result.update(
        painted=painted and share.showing is share.view and share.view.scene() is scene, words=words,
        calls=counting.calls, swapped=counting.swapped, share_size=(share.width(), share.height()),
        share_viewport=(vp.width(), vp.height()), share_zoom=share.view.zoom, main_zoom=main_view.zoom,
    )
    close_share(share)
    drag_once(scene, item, start, offsets[:WARMUP_STEPS], [main_probe])

    missed = {"one": 0, "two": 0}
    for run in range(runs):
        for kind in (("one", "two") if run % 2 == 0 else ("two", "one")):
            if kind == "two":
                began = time.perf_counter()
                share, probe, _painted = open_share(controller, settings, main_view, place=False)
                result["open_ms"].append((time.perf_counter() - began) * 1e3)
                scenes.settle()
                probes = [main_probe, probe]
            else:
                probes = [main_probe]
            with report.profiled("share"):
                snapshot_ms, (wall, cpu, areas, misses) = drag_once(scene, item, start, offsets, probes)
            if kind == "two":
                close_share(share)
                result["two_area_main"] += areas[0]
                result["two_area_share"] += areas[1]
            else:
                result["one_area"] += areas[0]
            result[kind] += wall
            result[f"{kind}_cpu"] += cpu
            result[f"{kind}_snapshot"].append(snapshot_ms)
            result[f"{kind}_run_medians"].append(statistics.median(wall))
            missed[kind] += misses
    result["missed"] = missed
    result["steps"] = runs * len(offsets)
    return result


def _quiet_offscreen(mode, context, message: str) -> None:
    """Qt's messages, less the offscreen platform's "This plugin does not support propagateSizeHints()", which it
    says each time a window with a layout is shown."""
    if not message.startswith("This plugin does not support"):
        sys.stderr.write(f"{message}\n")


def measure_drag_two_views(report, runs: int, close_runs: int, steps: int, bench: dict, db_path: Path) -> dict:
    """Figure 7: the drag at fit (figure 3's zoom), then in close-up; {"fit": ..., "close": ...}."""
    qInstallMessageHandler(_quiet_offscreen)
    try:
        return _measure_drag_two_views(report, runs, close_runs, steps, bench, db_path)
    finally:
        qInstallMessageHandler(None)


def _measure_drag_two_views(report, runs: int, close_runs: int, steps: int, bench: dict, db_path: Path) -> dict:
    from _canvas_gestures import circle_offsets
    from couplecanvas.app.settings import Settings
    from couplecanvas.ui import share_window

    if share_window.SHARE_SIZE != SHARE_SIZE:
        report.problem(f"the share window's size is now {share_window.SHARE_SIZE}; this benchmark uses {SHARE_SIZE}")
    results = {}
    with tempfile.TemporaryDirectory(prefix="couplecanvas-share-bench-") as tmp:
        settings = Settings(Path(tmp) / "settings.ini")
        began = time.perf_counter()
        controller, main_view, main_probe = open_board(db_path, bench["couple_id"], bench["session_id"])
        print(f"  the board opened through a SessionController and painted in the therapist's view in "
              f"{time.perf_counter() - began:.1f} s", flush=True)
        scene = controller.scene
        item = scene.card_items[bench["drag_card_id"]]
        start = item.pos()
        text = controller.document.board.cards[item.card_id].text
        for variant, runs_here in (("fit", runs), ("close", close_runs)):
            if variant == "close":
                main_view.set_zoom(CLOSE_ZOOM)
                main_view.centerOn(item.sceneBoundingRect().center())
                scenes.settle()
            offsets = circle_offsets(steps, main_view.zoom)
            result = results[variant] = drag_runs(report, runs_here, offsets, controller, settings, main_view,
                                                  main_probe, item, start)
            words = result["words"]
            print(f"  {variant}: the therapist's view {main_view.viewport().width()} x {main_view.viewport().height()} "
                  f"at zoom {result['main_zoom']:.4f}; the share window {result['share_size'][0]} x "
                  f"{result['share_size'][1]} (viewport {result['share_viewport'][0]} x {result['share_viewport'][1]}) "
                  f"at {result['share_zoom']:.4f}; {result['calls']} words painted through its filter in the warm-up "
                  f"({result['swapped']} with an alias){'' if variant == 'close' else ': too far for words'}",
                  flush=True)
            report.check(
                result["painted"] and words is not None and words(text) != text,
                f"{variant}: the share window shows the same scene; its filter turns the drag card's "
                f"{text[:12]!r}... into {words(text)[:13]!r}...",
                f"{variant}: the share window is not showing the board as expected ({result!r:.300})",
            )
            if variant == "close":
                report.check(
                    result["calls"] > 0 and result["swapped"] > 0,
                    "close: the share window painted the card words through its filter, with aliases",
                    f"close: the share window's filter was not used ({result['calls']} calls, "
                    f"{result['swapped']} swapped)",
                )
            for kind, label in (("one", "the therapist's view alone"), ("two", "the share window open")):
                missed = result["missed"][kind]
                report.check(
                    not missed,
                    f"{variant}, {label}: every one of {result['steps']} steps painted "
                    f"{'each view' if kind == 'two' else 'it'} exactly once",
                    f"{variant}, {label}: {missed} of {result['steps']} steps did not paint every view exactly once",
                )
        report.check(
            scene.views() == [main_view] and item.pos() == start,
            "afterwards the scene has one view again and the card is back where it was",
            f"after the drags: {len(scene.views())} views, the card at {item.pos()} (was {start})",
        )
        close_board(controller, main_view)
    return results


# -- figure 8: memory, in a fresh process -----------------------------------------------------------------------------


def return_freed_memory() -> bool:
    """malloc_trim(0), as the app does after loading (app.gui._return_freed_memory); False where there is none."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return False
    return True


def reset_peak() -> bool:
    """Start VmHWM again from the current RSS (Linux >= 4.0: write 5 to /proc/self/clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def quiet(seconds: float = 0.3) -> None:
    """Run the event loop for a while (timers such as a debounced save fire), then collect garbage."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        scenes.settle(1)
        time.sleep(0.01)
    gc.collect()


def rss_mb() -> float:
    return (memory_kb()[1] or 0) / 1024


def peak_mb() -> float:
    return (memory_kb()[0] or 0) / 1024


def app_child(db_path: Path, couple_id: int, session_id: int) -> dict:
    from couplecanvas.app.settings import Settings
    from couplecanvas.ui.fonts import install_fonts

    out: dict = {}
    try:  # what the app has loaded before F5 (it imports the share window's module only then)
        import couplecanvas.ui.main_window  # noqa: F401
        out["main_window_imported"] = True
    except Exception as error:  # noqa: BLE001  (another engineer's edit half done: go on, and say so)
        out["main_window_imported"] = f"{type(error).__name__}: {error}"
    install_fonts(QApplication.instance())
    with tempfile.TemporaryDirectory(prefix="couplecanvas-share-bench-") as tmp:
        settings = Settings(Path(tmp) / "settings.ini")
        controller, main_view, _probe = open_board(db_path, couple_id, session_id)
        quiet()
        out["cards"] = len(controller.scene.card_items)
        out["main_viewport"] = [main_view.viewport().width(), main_view.viewport().height()]

        return_freed_memory()
        quiet()
        out["before_mb"] = rss_mb()
        out["peak_reset"] = reset_peak()
        began = time.perf_counter()
        imported: list[float] = []
        share, _probe, painted = open_share(controller, settings, main_view, place=True, imported=imported)
        out["open_ms"] = (time.perf_counter() - began) * 1e3
        out["imported_mb"] = imported[0]
        quiet()
        out["after_mb"] = rss_mb()
        out["peak_open_mb"] = peak_mb() if out["peak_reset"] else None
        out["painted"] = painted
        out["share_size"] = [share.width(), share.height()]
        out["share_viewport"] = [share.view.viewport().width(), share.view.viewport().height()]
        words = share.view.screen_words
        named = next(c.text for c in controller.document.board.cards.values() if c.text.startswith("Maya:"))
        out["shows_board"] = share.showing is share.view and share.view.scene() is controller.scene
        out["aliases"] = words is not None and words(named) != named
        return_freed_memory()
        out["after_trim_mb"] = rss_mb()
        # A drag with both windows open: each view keeps a snapshot of the still board while it runs.
        item = next(iter(controller.scene.card_items.values()))
        controller.scene.begin_drag_preview([item])
        quiet(0.1)
        out["dragging_mb"] = rss_mb()
        controller.scene.end_drag_preview()
        close_share(share)
        quiet()
        return_freed_memory()
        out["closed_mb"] = rss_mb()
        reopened = []
        for _ in range(REOPENS):
            share, _probe, _painted = open_share(controller, settings, main_view, place=True)
            quiet(0.1)
            close_share(share)
            quiet(0.1)
            return_freed_memory()
            reopened.append(rss_mb())
        out["reopened_mb"] = reopened
        close_board(controller, main_view)
    return out


def floor_child(db_path: Path, session_id: int) -> dict:
    out: dict = {}
    floor = scenes.open_floor(scenes.raw_connection(db_path), session_id)
    if not floor.painted:
        raise SystemExit("the bare view never painted")
    quiet()
    out["main_viewport"] = [floor.view.viewport().width(), floor.view.viewport().height()]
    return_freed_memory()
    quiet()
    out["before_mb"] = rss_mb()
    out["peak_reset"] = reset_peak()
    began = time.perf_counter()
    second = scenes.ProbedView(floor.scene)
    second.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # as the share window's view
    second.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    second.resize(*SHARE_SIZE)
    second.setTransform(floor.view.transform())
    second.centerOn(QPointF(floor.view.mapToScene(floor.view.viewport().rect().center())))
    second.show()
    out["painted"] = scenes.wait_for_paint(second, 0)
    out["open_ms"] = (time.perf_counter() - began) * 1e3
    quiet()
    out["after_mb"] = rss_mb()
    out["peak_open_mb"] = peak_mb() if out["peak_reset"] else None
    out["share_viewport"] = [second.viewport().width(), second.viewport().height()]
    return_freed_memory()
    out["after_trim_mb"] = rss_mb()
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 4 or argv[0] not in ("app", "floor") or not (argv[2].isdigit() and argv[3].isdigit()):
        sys.stderr.write("usage: _canvas_share.py app|floor DB_PATH COUPLE_ID SESSION_ID\n")
        return 2
    kind, db_path, couple_id, session_id = argv[0], Path(argv[1]), int(argv[2]), int(argv[3])
    QApplication(sys.argv[:1])
    out = app_child(db_path, couple_id, session_id) if kind == "app" else floor_child(db_path, session_id)
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
