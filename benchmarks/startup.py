"""Start-up, memory and headless-export figures of Couple Canvas, each beside the raw floor it is measured against.

    .venv/bin/python benchmarks/startup.py [--runs N] [--quick]

1. start-up: from just before `subprocess.Popen` to the app's first paint and to "ready" (database open, couples and the
   sample board shown), with 20 couples x 10 sessions (10 cards + 10 connectors each) plus the sample in the database.
   Floor: benchmarks/_floor_window.py (bare PySide6, an empty QMainWindow shown).
2. memory: resident set size 3.0 s after start, the sample board open. Floor: the same bare window.
1b. encrypted start-up: the same database encrypted (SQLCipher), its key handed out by a keyring backend
   (benchmarks/_env_keyring.py, chosen with PYTHON_KEYRING_BACKEND), launches interleaved with plain ones. Target:
   first paint within the same start-up target, and ready at most ENCRYPTED_READY_TARGET_RATIO x the plain ready.
3. export: whole-process wall time of `couplecanvas export-handout` for the sample session.
   Floor: a bare process that writes a one-page PDF with a few boxes through reportlab.pdfgen.
4. the bundle (PyInstaller, installer/build.sh): its size unpacked, and its start to first paint and to ready beside
   the editable install's, launches interleaved on the same database. Targets: first paint within
   BUNDLE_PAINT_TARGET_RATIO x the editable install's, and under BUNDLE_SIZE_TARGET_MB MB unpacked. The bundle is
   --bundle DIR (a built dist/couplecanvas), else dist/couplecanvas of this repository when built, else
   installer/build.sh builds one into a temporary folder (about a minute); --no-bundle leaves the section out.
   "Cold" here means a new process; the page cache stays warm (a warm-up launch of each comes first), as for 1.

The app reports its times through its start-up probe (env COUPLECANVAS_STARTUP_PROBE=<ms>: prints
`first-paint <time.monotonic()>` and `ready <time.monotonic()>`, then quits after <ms>). On Linux CLOCK_MONOTONIC is
system-wide, so the child's stamps are compared with the parent's directly; elsewhere the line's arrival time is used.
Figures are medians over --runs launches, after one discarded warm-up launch of each kind (pyc and page caches).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import _report  # this folder is on sys.path when run as a script
from _report import load_average, median, ratio, spread, verdict, version_of

HERE = Path(__file__).resolve().parent
FLOOR_WINDOW = HERE / "_floor_window.py"

COUPLES = 20
SESSIONS_PER_COUPLE = 10
CARDS_PER_BOARD = 10

STARTUP_PROBE_MS = 1500  # long enough that "ready" always comes before the probe quits the app
MEMORY_PROBE_MS = 3500
MEMORY_READ_AT_S = 3.0
CHILD_TIMEOUT_S = 30.0

FIRST_PAINT_TARGET_RATIO = 2.0
MEMORY_TARGET_MB = 110.0
EXPORT_TARGET_MS = 300.0
ENCRYPTED_READY_TARGET_RATIO = 1.3
BUNDLE_PAINT_TARGET_RATIO = 1.3
BUNDLE_SIZE_TARGET_MB = 150.0  # MB = 10**6 bytes, the files' sizes added up (du --apparent-size)
ROOT = HERE.parent

# On Linux CLOCK_MONOTONIC is one clock for every process; elsewhere compare arrival times in the parent instead.
CHILD_CLOCK = sys.platform.startswith("linux")

FLOOR_PDF = """
import sys
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

pdf = Canvas(sys.argv[1], pagesize=A4)
width, height = A4
pdf.setFont("Helvetica-Bold", 18)
pdf.drawString(56, height - 72, "Session handout")
pdf.setFont("Helvetica", 10)
for i in range(6):
    x, y = 56 + (i % 2) * 250, height - 180 - (i // 2) * 110
    pdf.setFillColorRGB(0.86, 0.91, 0.97)
    pdf.roundRect(x, y, 200, 80, 8, stroke=1, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.drawString(x + 10, y + 55, f"Card {i + 1}")
    if i:
        pdf.line(x + 100, y + 80, x + 100, y + 110)
pdf.showPage()
pdf.save()
"""


# -- small helpers ---------------------------------------------------------------------------------------------------


def base_env(data_dir: Path | None = None, probe_ms: int | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("COUPLECANVAS_STARTUP_PROBE", None)
    if probe_ms is not None:
        env["COUPLECANVAS_STARTUP_PROBE"] = str(probe_ms)
    if data_dir is not None:
        env["COUPLECANVAS_DATA_DIR"] = str(data_dir)
    return env


def children_cpu_ms() -> float:
    """User + system CPU of every reaped child so far; launches run one at a time, so a difference is one child's."""
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000.0


def read_rss_kb(pid: int) -> tuple[int | None, int | None]:
    """(resident, peak resident) in kB; peak only where /proc tells it."""
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        try:
            text = status.read_text()
        except OSError:
            return None, None
        values = {k: int(v) for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", text, re.M)}
        return values.get("VmRSS"), values.get("VmHWM")
    try:
        out = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True, timeout=5).stdout
        return int(out.strip()), None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None, None


@dataclass
class Launch:
    """One child process: its probe stamps (ms after the parent's Popen), exit code and anything odd it said."""

    stamps: dict[str, float] = field(default_factory=dict)
    rc: int | None = None
    rss_kb: int | None = None
    peak_kb: int | None = None
    cpu_ms: float = float("nan")
    other_stdout: list[str] = field(default_factory=list)
    stderr_tail: str = ""
    timed_out: bool = False


def launch(cmd: list[str], env: dict[str, str], rss_at_s: float | None = None) -> Launch:
    """Start `cmd`, collect `name <monotonic>` lines from its stdout, optionally read its RSS at `rss_at_s`."""
    result = Launch()
    with tempfile.TemporaryFile() as errors:
        cpu0 = children_cpu_ms()
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=errors, text=True, bufsize=1)

        def reader() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                arrived = time.monotonic()
                parts = line.split()
                if len(parts) == 2 and parts[0] in ("first-paint", "ready") and parts[0] not in result.stamps:
                    try:
                        stamp = float(parts[1]) if CHILD_CLOCK else arrived
                    except ValueError:
                        result.other_stdout.append(line.rstrip())
                        continue
                    result.stamps[parts[0]] = (stamp - t0) * 1000.0
                elif line.strip():
                    result.other_stdout.append(line.rstrip())

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        if rss_at_s is not None:
            delay = t0 + rss_at_s - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if proc.poll() is None:
                result.rss_kb, result.peak_kb = read_rss_kb(proc.pid)
        try:
            result.rc = proc.wait(timeout=CHILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            result.timed_out = True
            proc.kill()
            result.rc = proc.wait()
        result.cpu_ms = children_cpu_ms() - cpu0
        thread.join(timeout=5)
        errors.seek(0)
        result.stderr_tail = errors.read().decode(errors="replace")[-600:]
    return result


def wall_ms(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Whole-process wall time and CPU time of `cmd` in ms, its exit code and the tail of its stderr."""
    cpu0 = children_cpu_ms()
    t0 = time.monotonic()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=CHILD_TIMEOUT_S)
    elapsed = (time.monotonic() - t0) * 1000.0
    cpu = children_cpu_ms() - cpu0
    return elapsed, cpu, proc.returncode, proc.stderr.decode(errors="replace")[-600:]


# -- the data --------------------------------------------------------------------------------------------------------

FIRST_NAMES = [
    "Ava", "Ben", "Chloe", "Dev", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Luca", "Mina", "Nils",
    "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wim", "Xenia", "Yusuf", "Zoe", "Aiko", "Bruno",
    "Carla", "Dario", "Emma", "Felix", "Gina", "Hiro", "Ida", "Jan", "Kaia", "Leo", "Maren", "Noah",
]


def make_board(seed: int):
    """A small cycle board: CARDS_PER_BOARD cards in two columns and a ring of as many connectors."""
    from couplecanvas.domain import Board, Card, Connector, PartnerRole
    from couplecanvas.domain.board import PARTNER_CARD_COLOURS

    board = Board()
    ids = []
    for i in range(CARDS_PER_BOARD):
        role = PartnerRole.A if i % 2 == 0 else PartnerRole.B
        card = Card(
            text=f"Step {i + 1} of cycle {seed}: when you pull away I feel alone and push harder",
            x=60.0 + (i % 2) * 580.0,
            y=40.0 + (i // 2) * 130.0,
            width=240.0,
            colour=PARTNER_CARD_COLOURS[role],
            partner=role,
            z=float(i + 1),
        )
        board.add_card(card)
        ids.append(card.id)
    for i in range(CARDS_PER_BOARD):
        board.add_connector(Connector(ids[i], ids[(i + 1) % CARDS_PER_BOARD], label="then" if i % 3 == 0 else ""))
    return board


def build_database(db_path: Path) -> tuple[int, int]:
    """Fill a new database with 20 couples x 10 sessions and the sample; return the sample's couple and session ids."""
    from couplecanvas.domain import Couple, Partner, Session
    from couplecanvas.domain.sample import build_sample
    from couplecanvas.storage.database import open_database, sqlite_url
    from couplecanvas.storage.repository import Repository

    repository = Repository(open_database(sqlite_url(db_path)))
    try:
        start = dt.date(2026, 1, 5)
        for c in range(COUPLES):
            couple = repository.add_couple(
                Couple(Partner(FIRST_NAMES[2 * c]), Partner(FIRST_NAMES[2 * c + 1], alias=f"Partner {c}"))
            )
            assert couple.id is not None
            for s in range(SESSIONS_PER_COUPLE):
                session = repository.add_session(
                    Session(couple.id, start + dt.timedelta(days=7 * s + c), title=f"Session {s + 1}")
                )
                assert session.id is not None
                repository.replace_board(session.id, make_board(c * SESSIONS_PER_COUPLE + s))
        sample_couple, sample_session = repository.add_sample(build_sample())
        assert sample_couple.id is not None and sample_session.id is not None
        return sample_couple.id, sample_session.id
    finally:
        repository.database.dispose()


def write_settings(data_dir: Path, couple_id: int, session_id: int) -> None:
    """The app's QSettings IniFormat file, naming the couple and session to reopen."""
    (data_dir / "settings.ini").write_text(f"[window]\nlast_couple_id={couple_id}\nlast_session_id={session_id}\n")


def write_settings_keys(data_dir: Path, couple_id: int, session_id: int) -> None:
    """Set the two keys in an ini the app has already written, keeping its saved window geometry and state."""
    path = data_dir / "settings.ini"
    text = path.read_text(errors="replace") if path.exists() else ""
    if "[window]" not in text:
        write_settings(data_dir, couple_id, session_id)
        return
    for key, value in (("last_couple_id", couple_id), ("last_session_id", session_id)):
        text, found = re.subn(rf"^{key}=.*$", f"{key}={value}", text, flags=re.M)
        if not found:
            text = text.replace("[window]\n", f"[window]\n{key}={value}\n", 1)
    path.write_text(text)


def read_settings(data_dir: Path) -> dict[str, int]:
    text = (data_dir / "settings.ini").read_text(errors="replace")
    return {k: int(v) for k, v in re.findall(r"^(last_couple_id|last_session_id)=(\d+)\s*$", text, re.M)}


# -- the report ------------------------------------------------------------------------------------------------------


class Report(_report.Report):
    """Prints table rows readably, collects problems for the end, and checks each launch."""

    NAME_WIDTH = 34

    def check_launch(self, what: str, run: Launch, wanted: tuple[str, ...]) -> None:
        """Report a launch that timed out, failed, or never printed the probe lines it should have."""
        missing = [name for name in wanted if name not in run.stamps]
        if run.timed_out:
            self.problem(f"{what}: did not exit within {CHILD_TIMEOUT_S:.0f} s and was killed")
        if missing:
            self.problem(f"{what}: no '{' / '.join(missing)}' line on stdout (exit code {run.rc})")
        if run.rc not in (0, None) and not run.timed_out:
            self.problem(f"{what}: exit code {run.rc}")
        if run.other_stdout:
            self.problem(f"{what}: unexpected stdout: {run.other_stdout[:3]}")
        if (missing or run.rc) and run.stderr_tail.strip():
            print("     stderr: " + run.stderr_tail.strip().replace("\n", "\n             "), flush=True)


# -- the measurements ------------------------------------------------------------------------------------------------


def measure_startup(report: Report, runs: int, data_dir: Path, couple_id: int, session_id: int):
    app_cmd = [sys.executable, "-m", "couplecanvas"]
    floor_cmd = [sys.executable, str(FLOOR_WINDOW)]
    app_env = base_env(data_dir, STARTUP_PROBE_MS)
    floor_env = base_env()

    # Warm-up launches (discarded): pyc files, page cache, font cache. The warm-up names the sample couple but no
    # session, so the app picks the couple's newest session itself and, on opening it, writes its id back: finding
    # that id in settings.ini afterwards proves the board was opened (timing alone cannot: the board costs ~30 ms,
    # less than the noise of a shared machine). Later launches reopen it from the ini, as after a real restart.
    write_settings(data_dir, couple_id, 0)
    warm = launch(app_cmd, app_env)
    report.check_launch("app warm-up", warm, ("first-paint", "ready"))
    report.check_launch("floor warm-up", launch(floor_cmd, floor_env), ("first-paint",))
    restored = read_settings(data_dir)
    if restored.get("last_couple_id") == couple_id and restored.get("last_session_id") == session_id:
        print(
            f"  check: the warm-up launch opened the sample board (it wrote last_session_id={session_id})", flush=True
        )
    else:
        report.problem(
            f"the warm-up launch did not open the sample board: settings.ini now says {restored}, expected couple "
            f"{couple_id} / session {session_id}"
        )
    write_settings_keys(data_dir, couple_id, session_id)

    floor_paint: list[float] = []
    app_paint: list[float] = []
    app_ready: list[float] = []
    cpu: dict[str, list[float]] = {"floor": [], "app": []}
    for i in range(runs):
        # Interleaved, so a busy neighbour on the machine hurts both sides alike.
        floor = launch(floor_cmd, floor_env)
        report.check_launch(f"floor run {i + 1}", floor, ("first-paint",))
        app = launch(app_cmd, app_env)
        report.check_launch(f"app run {i + 1}", app, ("first-paint", "ready"))
        if "first-paint" in floor.stamps:
            floor_paint.append(floor.stamps["first-paint"])
        if "first-paint" in app.stamps:
            app_paint.append(app.stamps["first-paint"])
        if "ready" in app.stamps:
            app_ready.append(app.stamps["ready"])
        cpu["floor"].append(floor.cpu_ms)
        cpu["app"].append(app.cpu_ms)

    after = read_settings(data_dir)
    if after.get("last_session_id") != session_id:
        report.problem(f"after the measured launches settings.ini says {after}, expected session {session_id}")
    return floor_paint, app_paint, app_ready, cpu


def measure_encrypted_startup(report: Report, runs: int, data_dir: Path, tmp_path: Path):
    """First paint and ready of an encrypted copy (key from the keyring) and of the plain database, interleaved."""
    import base64
    import shutil

    from couplecanvas.storage import cipher

    encrypted_dir = tmp_path / "data-encrypted"
    shutil.copytree(data_dir, encrypted_dir, ignore=shutil.ignore_patterns("*.lock", "couplecanvas.log*"))
    key, _recovery = cipher.encrypt_database(encrypted_dir / "couplecanvas.db", "a passphrase for the benchmark")
    encrypted_env = base_env(encrypted_dir, STARTUP_PROBE_MS)
    encrypted_env.update(
        PYTHONPATH=os.pathsep.join(p for p in (str(HERE), os.environ.get("PYTHONPATH", "")) if p),
        PYTHON_KEYRING_BACKEND="_env_keyring.EnvKeyring",
        COUPLECANVAS_BENCH_KEYRING=base64.b64encode(key).decode(),
    )
    plain_env = base_env(data_dir, STARTUP_PROBE_MS)
    app_cmd = [sys.executable, "-m", "couplecanvas"]
    report.check_launch("encrypted warm-up", launch(app_cmd, encrypted_env), ("first-paint", "ready"))
    log = (encrypted_dir / "couplecanvas.log").read_text(errors="replace")
    if "unlocked with the key from the keyring" in log:
        print("  check: the encrypted warm-up opened the database with the key from the keyring", flush=True)
    else:
        report.problem("the encrypted launch did not say it was unlocked with the keyring's key (see its log)")
    found: dict[str, dict[str, list[float]]] = {"plain": {"first-paint": [], "ready": []},
                                                "encrypted": {"first-paint": [], "ready": []}}
    for i in range(runs):
        for what, env in (("plain", plain_env), ("encrypted", encrypted_env)):
            run = launch(app_cmd, env)
            report.check_launch(f"{what} run {i + 1}", run, ("first-paint", "ready"))
            for stamp in ("first-paint", "ready"):
                if stamp in run.stamps:
                    found[what][stamp].append(run.stamps[stamp])
    return found


def measure_memory(report: Report, data_dir: Path) -> tuple[Launch, Launch]:
    app = launch(
        [sys.executable, "-m", "couplecanvas"], base_env(data_dir, MEMORY_PROBE_MS), rss_at_s=MEMORY_READ_AT_S
    )
    report.check_launch("app (memory)", app, ("first-paint", "ready"))
    floor = launch(
        [sys.executable, str(FLOOR_WINDOW), "--hold-ms", str(MEMORY_PROBE_MS)], base_env(), rss_at_s=MEMORY_READ_AT_S
    )
    report.check_launch("floor (memory)", floor, ("first-paint",))
    for what, run in (("app", app), ("floor", floor)):
        if run.rss_kb is None:
            report.problem(f"{what}: no RSS reading at {MEMORY_READ_AT_S} s (process gone or unreadable)")
    return app, floor


def measure_export(report: Report, runs: int, url: str, session_id: int, out_dir: Path):
    env = base_env()
    app_out = out_dir / "handout.pdf"
    floor_out = out_dir / "floor.pdf"
    # --database is an option of the top-level parser, so it goes before the command name.
    app_cmd = [
        sys.executable, "-m", "couplecanvas", "--database", url,
        "export-handout", "--session", str(session_id), "-o", str(app_out),
    ]
    floor_cmd = [sys.executable, "-c", FLOOR_PDF, str(floor_out)]
    bare_cmd = [sys.executable, "-c", "pass"]

    for what, cmd in (("export warm-up", app_cmd), ("floor-pdf warm-up", floor_cmd), ("bare warm-up", bare_cmd)):
        _, _, rc, err = wall_ms(cmd, env)
        if rc:
            report.problem(f"{what}: exit code {rc}: {err.strip()}")

    wall: dict[str, list[float]] = {"app": [], "floor": [], "bare": []}
    cpu: dict[str, list[float]] = {"app": [], "floor": [], "bare": []}
    for i in range(runs):
        for cmd, key in ((floor_cmd, "floor"), (app_cmd, "app"), (bare_cmd, "bare")):
            elapsed, cpu_ms, rc, err = wall_ms(cmd, env)
            if rc:
                report.problem(f"{key} run {i + 1}: exit code {rc}: {err.strip()}")
            else:
                wall[key].append(elapsed)
                cpu[key].append(cpu_ms)
    for path, what in ((app_out, "export"), (floor_out, "floor pdf")):
        if not path.exists() or not path.read_bytes().startswith(b"%PDF"):
            report.problem(f"{what}: {path.name} is missing or not a PDF")
    app_size = app_out.stat().st_size if app_out.exists() else 0
    return wall, cpu, app_size


def folder_mb(folder: Path) -> float:
    """The files' sizes added up, in MB (10**6 bytes); links are not followed."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total / 1e6


def find_or_build_bundle(report: Report, given: Path | None, tmp_path: Path) -> Path | None:
    """The bundle's folder: `given`, else this repository's dist/couplecanvas, else one built by installer/build.sh."""
    exe = "couplecanvas.exe" if sys.platform == "win32" else "couplecanvas"
    for folder in (given, None if given else ROOT / "dist" / "couplecanvas"):
        if folder is not None and (folder / exe).is_file():
            return folder
    if given is not None:
        report.problem(f"--bundle {given}: no {exe} in it")
        return None
    print("  no bundle built yet: installer/build.sh builds one into a temporary folder...", flush=True)
    t = time.monotonic()
    env = dict(os.environ, PYTHON=sys.executable)
    result = subprocess.run(["bash", str(ROOT / "installer" / "build.sh"), "--dist", str(tmp_path / "dist"),
                             "--work", str(tmp_path / "pyinstaller-work"), "--no-archive", "--no-icons"],
                            capture_output=True, text=True, env=env)
    if result.returncode:
        report.problem(f"installer/build.sh exited {result.returncode}: {result.stderr.strip()[-600:]}")
        return None
    print(f"  built in {time.monotonic() - t:.0f} s", flush=True)
    return tmp_path / "dist" / "couplecanvas"


def measure_bundle(report: Report, runs: int, bundle: Path, data_dir: Path):
    """First paint and ready of the bundle and of the editable install, interleaved, on the same database."""
    exe = bundle / ("couplecanvas.exe" if sys.platform == "win32" else "couplecanvas")
    kinds = {"editable": [sys.executable, "-m", "couplecanvas"], "bundle": [str(exe)]}
    env = base_env(data_dir, STARTUP_PROBE_MS)
    for what, cmd in kinds.items():
        report.check_launch(f"{what} warm-up", launch(cmd, env), ("first-paint", "ready"))
    found: dict[str, dict[str, list[float]]] = {what: {"first-paint": [], "ready": []} for what in kinds}
    for i in range(runs):
        for what, cmd in kinds.items():
            run = launch(cmd, env)
            report.check_launch(f"{what} run {i + 1}", run, ("first-paint", "ready"))
            for stamp in ("first-paint", "ready"):
                if stamp in run.stamps:
                    found[what][stamp].append(run.stamps[stamp])
    return found


# -- main ------------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measured launches of each kind (default 7)")
    parser.add_argument("--quick", action="store_true", help="at most 3 measured runs of each kind")
    parser.add_argument("--bundle", type=Path, default=None, metavar="DIR",
                        help="the built bundle's folder (default: dist/couplecanvas, else one built for the run)")
    parser.add_argument("--no-bundle", action="store_true", help="leave out section 4, the bundle")
    args = parser.parse_args(argv)
    runs = max(1, min(args.runs, 3) if args.quick else args.runs)
    began = time.monotonic()
    report = Report()

    print(
        f"Couple Canvas start-up benchmark  (Python {sys.version.split()[0]}, "
        f"PySide6 {version_of('PySide6-Essentials')}, "
        f"SQLAlchemy {version_of('SQLAlchemy')}, ReportLab {version_of('reportlab')}; {os.cpu_count()} CPUs, "
        f"{sys.platform}, QT_QPA_PLATFORM=offscreen)",
        flush=True,
    )
    print(
        f"runs: {runs} measured + 1 warm-up of each kind; times from the parent's Popen to the child's "
        f"{'CLOCK_MONOTONIC stamp' if CHILD_CLOCK else 'line arrival'}; load average at start: {load_average()}",
        flush=True,
    )

    with tempfile.TemporaryDirectory(prefix="couplecanvas-bench-") as tmp:
        tmp_path = Path(tmp)
        data_dir = tmp_path / "data"
        data_dir.mkdir()
        db_path = data_dir / "couplecanvas.db"
        t = time.monotonic()
        couple_id, session_id = build_database(db_path)
        print(
            f"database: {COUPLES} couples x {SESSIONS_PER_COUPLE} sessions x ({CARDS_PER_BOARD} cards + "
            f"{CARDS_PER_BOARD} connectors) + the sample (couple {couple_id}, session {session_id}); "
            f"{db_path.stat().st_size / 1024:.0f} KiB, built in {time.monotonic() - t:.1f} s",
            flush=True,
        )

        # 1. start-up
        Report.header(f"1. start-up (ms from Popen; app probe {STARTUP_PROBE_MS} ms; sample board reopened)")
        floor_paint, app_paint, app_ready, startup_cpu = measure_startup(report, runs, data_dir, couple_id, session_id)
        fp, ap, ar = median(floor_paint), median(app_paint), median(app_ready)
        Report.row("floor: bare PySide6 window painted", f"{fp:.0f} ms", spread(floor_paint))
        Report.row(
            "app: first paint", f"{ap:.0f} ms", spread(app_paint), f"{fp:.0f} ms", ratio(ap, fp),
            f"<= {FIRST_PAINT_TARGET_RATIO:.1f}x floor",
        )
        Report.row(
            "app: ready (sample board shown)", f"{ar:.0f} ms", spread(app_ready), f"{fp:.0f} ms", ratio(ar, fp),
            "(informational)",
        )
        Report.row("app: paint -> ready (database + UI)", f"{ar - ap:.0f} ms", "", "", "", "(informational)")
        fc, ac = median(startup_cpu["floor"]), median(startup_cpu["app"])
        Report.row(
            "floor: CPU time, whole process", f"{fc:.0f} ms", spread(startup_cpu["floor"]), "", "", "(reference)"
        )
        Report.row(
            "app: CPU time, whole process", f"{ac:.0f} ms", spread(startup_cpu["app"]), f"{fc:.0f} ms", ratio(ac, fc),
            "(informational: steadier than wall time on a busy machine)",
        )

        # 1b. encrypted start-up, the key from the keyring
        Report.header("1b. start-up on the encrypted database, the key from the keyring (ms from Popen)")
        encrypted = measure_encrypted_startup(report, runs, data_dir, tmp_path)
        pp, pr = median(encrypted["plain"]["first-paint"]), median(encrypted["plain"]["ready"])
        ep, er = median(encrypted["encrypted"]["first-paint"]), median(encrypted["encrypted"]["ready"])
        Report.row("plain: first paint", f"{pp:.0f} ms", spread(encrypted["plain"]["first-paint"]))
        Report.row(
            "encrypted: first paint", f"{ep:.0f} ms", spread(encrypted["encrypted"]["first-paint"]), f"{fp:.0f} ms",
            ratio(ep, fp), f"<= {FIRST_PAINT_TARGET_RATIO:.1f}x floor",
        )
        Report.row("plain: ready", f"{pr:.0f} ms", spread(encrypted["plain"]["ready"]))
        Report.row(
            "encrypted: ready", f"{er:.0f} ms", spread(encrypted["encrypted"]["ready"]), f"{pr:.0f} ms", ratio(er, pr),
            f"<= {ENCRYPTED_READY_TARGET_RATIO:.1f}x plain",
        )

        # 2. memory
        Report.header(
            f"2. memory (RSS {MEMORY_READ_AT_S:.1f} s after start; app probe {MEMORY_PROBE_MS} ms, sample board open)"
        )
        app_mem, floor_mem = measure_memory(report, data_dir)
        app_mb = app_mem.rss_kb / 1024 if app_mem.rss_kb else float("nan")
        floor_mb = floor_mem.rss_kb / 1024 if floor_mem.rss_kb else float("nan")
        Report.row("floor: bare PySide6 window RSS", f"{floor_mb:.1f} MB")
        Report.row(
            "app: RSS", f"{app_mb:.1f} MB", "", f"{floor_mb:.1f} MB", ratio(app_mb, floor_mb),
            f"< {MEMORY_TARGET_MB:.0f} MB",
        )
        if app_mem.peak_kb and floor_mem.peak_kb:
            Report.row(
                "app: peak RSS so far (VmHWM)", f"{app_mem.peak_kb / 1024:.1f} MB", "",
                f"{floor_mem.peak_kb / 1024:.1f} MB", ratio(app_mem.peak_kb, floor_mem.peak_kb), "(informational)",
            )

        # 3. export
        Report.header("3. headless handout export (whole-process wall time, sample session)")
        wall, cpu, pdf_size = measure_export(report, runs, f"sqlite:///{db_path}", session_id, tmp_path)
        em, fm, bm = median(wall["app"]), median(wall["floor"]), median(wall["bare"])
        Report.row("bare interpreter (python -c pass)", f"{bm:.0f} ms", spread(wall["bare"]), "", "", "(reference)")
        Report.row("floor: bare ReportLab one-page PDF", f"{fm:.0f} ms", spread(wall["floor"]))
        Report.row(
            "app: export-handout", f"{em:.0f} ms", spread(wall["app"]), f"{fm:.0f} ms", ratio(em, fm),
            f"< {EXPORT_TARGET_MS:.0f} ms",
        )
        ecpu, fcpu = median(cpu["app"]), median(cpu["floor"])
        Report.row("floor: CPU time", f"{fcpu:.0f} ms", spread(cpu["floor"]), "", "", "(reference)")
        Report.row(
            "app: CPU time", f"{ecpu:.0f} ms", spread(cpu["app"]), f"{fcpu:.0f} ms", ratio(ecpu, fcpu),
            "(informational)",
        )
        print(f"  handout: {pdf_size / 1024:.0f} KiB", flush=True)

        # 4. the bundle
        bundle_line = "bundle   left out (--no-bundle)"
        if not args.no_bundle:
            Report.header("4. the bundle beside the editable install (ms from Popen; same database)")
            bundle = find_or_build_bundle(report, args.bundle, tmp_path)
            if bundle is None:
                bundle_line = "bundle   not measured (see the problems)"
            else:
                size_mb = folder_mb(bundle)
                found = measure_bundle(report, runs, bundle, data_dir)
                xp, xr = median(found["editable"]["first-paint"]), median(found["editable"]["ready"])
                bp, br = median(found["bundle"]["first-paint"]), median(found["bundle"]["ready"])
                Report.row("bundle: size unpacked", f"{size_mb:.0f} MB", "", "", "",
                           f"< {BUNDLE_SIZE_TARGET_MB:.0f} MB ({bundle})")
                Report.row("editable install: first paint", f"{xp:.0f} ms", spread(found["editable"]["first-paint"]))
                Report.row(
                    "bundle: first paint", f"{bp:.0f} ms", spread(found["bundle"]["first-paint"]), f"{xp:.0f} ms",
                    ratio(bp, xp), f"<= {BUNDLE_PAINT_TARGET_RATIO:.1f}x editable",
                )
                Report.row("editable install: ready", f"{xr:.0f} ms", spread(found["editable"]["ready"]))
                Report.row(
                    "bundle: ready", f"{br:.0f} ms", spread(found["bundle"]["ready"]), f"{xr:.0f} ms", ratio(br, xr),
                    "(informational)",
                )
                paint_in = bp / xp <= BUNDLE_PAINT_TARGET_RATIO if bp == bp and xp == xp else False
                size_in = size_mb < BUNDLE_SIZE_TARGET_MB
                bundle_line = (
                    f"bundle   {size_mb:.0f} MB unpacked (target < {BUNDLE_SIZE_TARGET_MB:.0f} MB: "
                    f"{verdict(size_in)}) | "
                    f"first paint {bp:.0f} ms vs editable {xp:.0f} ms ({ratio(bp, xp)}, target <= "
                    f"{BUNDLE_PAINT_TARGET_RATIO:g}x: {verdict(paint_in)}) | ready {br:.0f} ms vs {xr:.0f} ms"
                )

    paint_ok = ap / fp <= FIRST_PAINT_TARGET_RATIO if fp == fp and ap == ap else False
    mem_ok = app_mb < MEMORY_TARGET_MB
    export_ok = em < EXPORT_TARGET_MS
    encrypted_ok = ep / fp <= FIRST_PAINT_TARGET_RATIO and er / pr <= ENCRYPTED_READY_TARGET_RATIO

    print(f"\ntotal {time.monotonic() - began:.0f} s; load average at end: {load_average()}", flush=True)
    print("\nsummary", flush=True)
    print(
        f"startup  floor {fp:.0f} ms | first paint {ap:.0f} ms ({ratio(ap, fp)}, target <= "
        f"{FIRST_PAINT_TARGET_RATIO:g}x: {verdict(paint_ok)}) | ready {ar:.0f} ms ({ratio(ar, fp)})",
        flush=True,
    )
    print(
        f"keyring  encrypted first paint {ep:.0f} ms ({ratio(ep, fp)} floor) | ready {er:.0f} ms vs plain {pr:.0f} ms "
        f"({ratio(er, pr)}, target <= {ENCRYPTED_READY_TARGET_RATIO:g}x): {verdict(encrypted_ok)}",
        flush=True,
    )
    print(
        f"memory   floor {floor_mb:.0f} MB | app {app_mb:.0f} MB (target < {MEMORY_TARGET_MB:.0f} MB: "
        f"{verdict(mem_ok)})",
        flush=True,
    )
    print(
        f"export   floor {fm:.0f} ms | app {em:.0f} ms ({ratio(em, fm)} floor, target < {EXPORT_TARGET_MS:.0f} ms: "
        f"{verdict(export_ok)})",
        flush=True,
    )
    print(bundle_line, flush=True)
    if report.print_problems():
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
