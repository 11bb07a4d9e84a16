"""`couplecanvas --self-test`: proves an install (editable, wheel or bundle) works, on a throw-away database.

Each check prints one line, `ok   <what>` or `FAIL <what>: <why>`; the exit code is 0 only when every check passed.
Nothing touches the user's data: the database, the data folder and the handout live in a temporary folder that goes
away at the end. Without a display Qt draws offscreen (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
INK_MIN_FRACTION = 0.005  # a page with fewer non-white pixels than this is taken for blank
SAMPLE_DAY = dt.date(2026, 1, 5)


class CheckFailed(Exception):
    """A check found something wrong; its message is the line's reason."""


@dataclass
class _Run:
    """The checks' shared state and their printed lines."""

    folder: Path
    write: Callable[[str], Any]
    failures: int = 0
    state: dict[str, Any] = field(default_factory=dict)

    def check(self, name: str, step: Callable[[], str]) -> bool:
        """Run one check; print `ok   name: detail` or `FAIL name: reason` (an exception is a reason too)."""
        try:
            detail = step()
        except CheckFailed as error:
            return self._failed(name, str(error))
        except Exception as error:  # noqa: BLE001 - any failure is reported on its line, never as a traceback
            return self._failed(name, f"{type(error).__name__}: {error}")
        self.write(f"ok   {name}: {detail}" if detail else f"ok   {name}")
        return True

    def skip_after(self, name: str, needed: str) -> None:
        """A check that cannot run because an earlier one failed."""
        self._failed(name, f"not run: {needed} failed")

    def _failed(self, name: str, reason: str) -> bool:
        self.failures += 1
        self.write(f"FAIL {name}: {' '.join(reason.split())}")
        return False


def _writer() -> Callable[[str], Any]:
    stream = sys.stdout
    if stream is None:  # a windowed Windows executable has no console: keep the lines in a file beside the temp files
        path = Path(tempfile.gettempdir()) / "couplecanvas-self-test.txt"
        stream = open(path, "w", encoding="utf-8")  # noqa: SIM115 - kept open until the process ends

    def write(line: str) -> None:
        stream.write(line + "\n")
        stream.flush()

    return write


def run_self_test() -> int:
    """Run every check; 0 when all pass, 1 otherwise."""
    started = time.monotonic()
    write = _writer()
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="couplecanvas-self-test-") as tmp:
        folder = Path(tmp)
        # Anything that would reach for the data folder (settings, logs) finds the temporary one, never the user's.
        os.environ["COUPLECANVAS_DATA_DIR"] = str(folder / "data")
        run = _Run(folder, write)
        _run_checks(run)
        run.state.clear()  # the database's engine is disposed before its folder goes
    elapsed = time.monotonic() - started
    if run.failures:
        write(f"{run.failures} check{'s' if run.failures > 1 else ''} failed ({elapsed:.1f} s)")
        return 1
    write(f"all checks passed ({elapsed:.1f} s)")
    return 0


def _run_checks(run: _Run) -> None:
    from couplecanvas import __version__

    frozen = "bundle" if getattr(sys, "frozen", False) else "python package"
    run.write(f"Couple Canvas {__version__} self-test ({frozen}, Python {sys.version.split()[0]}, {sys.platform})")
    resources_ok = run.check("resources", lambda: _check_resources(run))
    fonts_ok = run.check("fonts", _check_fonts)
    database_ok = run.check("database", lambda: _check_database(run))
    run.check("encryption", lambda: _check_encryption(run))
    run.check("keyring", _check_keyring)
    if database_ok and resources_ok:
        sample_ok = run.check("sample board", lambda: _check_sample(run))
    else:
        sample_ok = False
        run.skip_after("sample board", "database" if not database_ok else "resources")
    if sample_ok:
        handout_ok = run.check("handout", lambda: _check_handout(run))
    else:
        handout_ok = False
        run.skip_after("handout", "sample board")
    if handout_ok:
        run.check("handout text", lambda: _check_handout_text(run))
    else:
        run.skip_after("handout text", "handout")
    qt_ok = run.check("qt", lambda: _check_qt(run))
    if qt_ok and handout_ok:
        run.check("handout page drawn offscreen", lambda: _check_page_render(run))
    else:
        run.skip_after("handout page drawn offscreen", "qt" if not qt_ok else "handout")
    if qt_ok and sample_ok and fonts_ok:
        run.check("board drawn offscreen", lambda: _check_board_render(run))
    else:
        run.skip_after("board drawn offscreen", "qt" if not qt_ok else ("fonts" if not fonts_ok else "sample board"))
    repository = run.state.pop("database", None)
    if repository is not None:
        repository.close()


# -- the checks ------------------------------------------------------------------------------------------------------


def _resource_folder() -> Path | None:
    from importlib import resources

    folder = resources.files("couplecanvas.resources")
    return folder if isinstance(folder, Path) else None


def _check_resources(run: _Run) -> str:
    from couplecanvas.domain.homework import load_builtin_library
    from couplecanvas.domain.templates import load_builtin_templates

    library = load_builtin_library()
    templates = load_builtin_templates()
    problems = [*library.problems, *getattr(templates, "problems", [])]
    if problems:  # the app would load the rest and say so; a shipped file with a fault is a broken install
        raise CheckFailed("; ".join(problems))
    if not library.exercises:
        raise CheckFailed("no homework exercises found under resources/homework")
    if "our-cycle" not in templates.templates:
        raise CheckFailed("the 'our-cycle' template is missing from resources/templates")
    run.state["library"] = library
    return f"{len(templates.templates)} templates, {len(library.exercises)} homework exercises"


def _check_fonts() -> str:
    from importlib import resources

    folder = resources.files("couplecanvas.resources").joinpath("fonts")
    missing = [name for name in FONT_FILES if not folder.joinpath(name).is_file()]
    if missing:
        raise CheckFailed(f"{', '.join(missing)} missing from {folder}")
    sizes = [folder.joinpath(name).read_bytes()[:4] for name in FONT_FILES]
    bad = [name for name, head in zip(FONT_FILES, sizes) if head not in (b"\x00\x01\x00\x00", b"true", b"OTTO")]
    if bad:
        raise CheckFailed(f"{', '.join(bad)} in {folder} is not a TrueType font")
    return ", ".join(FONT_FILES)


def _check_database(run: _Run) -> str:
    from couplecanvas.storage.database import open_database, sqlite_url
    from couplecanvas.storage.migrations_meta import HEAD
    from couplecanvas.storage.repository import Repository

    path = run.folder / "self-test.db"
    repository = Repository(open_database(sqlite_url(path)))
    run.state["database"] = repository
    with repository.database.engine.connect() as connection:
        from sqlalchemy import text

        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision != HEAD:
        raise CheckFailed(f"the migrations stopped at {revision}, not {HEAD}")
    return f"migrated to {revision} in a temporary folder"


def _check_encryption(run: _Run) -> str:
    import secrets

    from couplecanvas.storage import cipher

    path = run.folder / "self-test-encrypted.db"
    key = secrets.token_bytes(cipher.KEY_BYTES)
    connection = cipher.connect(path, key, create=True)
    try:
        version = connection.execute("PRAGMA cipher_version").fetchone()
        connection.execute("CREATE TABLE t (words TEXT)")
        connection.execute("INSERT INTO t VALUES ('a private word')")
        connection.commit()
    finally:
        connection.close()
    if not cipher.is_encrypted(path) or b"a private word" in path.read_bytes():
        raise CheckFailed("the file written with a key is not encrypted")
    return f"SQLCipher {version[0] if version else '?'}"


def _check_keyring() -> str:
    """Keyring finds its backends through entry points: a bundle must carry them (or the box is greyed out)."""
    from importlib.metadata import entry_points

    wanted = {"linux": "SecretService", "darwin": "macOS", "win32": "Windows"}.get(sys.platform)
    names = []
    for entry in entry_points(group="keyring.backends"):
        try:
            entry.load()  # fails when the backend's module is not in this install
        except Exception as error:  # a backend's import may fail in any way (a missing module, the OS)
            if entry.name == wanted:
                raise CheckFailed(
                    f"keyring's {wanted} backend could not be loaded ({type(error).__name__}: {error})"
                ) from error
            continue  # another system's backend, left out of this install
        names.append(entry.name)
    if wanted and wanted not in names:
        raise CheckFailed(f"keyring's {wanted} backend is not in this install (found: {', '.join(names) or 'none'})")
    return f"backends {', '.join(sorted(names))}"


def _check_sample(run: _Run) -> str:
    from couplecanvas.domain.sample import build_sample

    repository = run.state["database"]
    couple, session = repository.add_sample(build_sample(SAMPLE_DAY))
    board = repository.load_board(session.id)
    if not board.cards or not board.connectors:
        raise CheckFailed("the sample board read back has no cards or no arrows")
    run.state.update(couple=couple, session=session, board=board, assignments=repository.list_assignments(session.id),
                     practice=repository.get_practice())
    return f"stored and read back: {len(board.cards)} cards, {len(board.connectors)} arrows"


def _check_handout(run: _Run) -> str:
    from couplecanvas.export import export_handout

    state = run.state
    pdf = export_handout(state["couple"], state["session"], state["board"], state["assignments"], state["library"],
                         practice=state["practice"], deterministic=True)
    if not pdf.startswith(b"%PDF"):
        raise CheckFailed("the handout is not a PDF")
    run.state["pdf"] = pdf
    return f"{len(pdf) / 1024:.0f} KiB PDF"


def _check_handout_text(run: _Run) -> str:
    import pypdfium2 as pdfium

    from couplecanvas.domain.couple import PartnerRole
    from couplecanvas.domain.sample import _WORDS, NEW_STORY

    document = pdfium.PdfDocument(run.state["pdf"])
    try:
        pages = len(document)
        texts = []
        for index in range(pages):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    found = " ".join(" ".join(texts).split())
    couple, library = run.state["couple"], run.state["library"]
    wanted = [couple.partner_a.first_name, couple.partner_b.first_name, _WORDS[PartnerRole.A]["action"],
              _WORDS[PartnerRole.B]["action"], NEW_STORY]
    wanted += [library.get(a.exercise_key).title for a in run.state["assignments"] if library.get(a.exercise_key)]
    missing = [words for words in wanted if " ".join(words.split()) not in found]
    if missing:
        raise CheckFailed(f"not found in the handout's text: {'; '.join(repr(w) for w in missing)}")
    if len(wanted) < 6:
        raise CheckFailed("the sample's homework is missing from the handout")
    return f"{pages} pages; names, cycle words and homework titles read back"


def _check_qt(run: _Run) -> str:
    from PySide6.QtWidgets import QApplication

    from couplecanvas.ui.fonts import install_fonts

    app = QApplication.instance() or QApplication(["couplecanvas", "--self-test"])
    run.state["app"] = app
    family = install_fonts(app)
    if not family:
        raise CheckFailed("the bundled fonts could not be given to Qt")
    return f"Qt {_qt_version()}, platform {app.platformName()}, font {family}"


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return qVersion()


def _ink(image) -> float:
    """The fraction of pixels that are not (near) white, on a small copy."""
    from PySide6.QtCore import Qt

    small = image.scaled(200, 200, Qt.AspectRatioMode.KeepAspectRatio)
    inked = total = 0
    for y in range(small.height()):
        for x in range(small.width()):
            colour = small.pixelColor(x, y)
            total += 1
            if min(colour.red(), colour.green(), colour.blue()) < 220:
                inked += 1
    return inked / max(total, 1)


def _check_page_render(run: _Run) -> str:
    from couplecanvas.ui.pdf_pages import render_pages

    image = render_pages(run.state["pdf"], 600)[0]
    if image.isNull():
        raise CheckFailed("page 1 gave no picture")
    ink = _ink(image)
    if ink < INK_MIN_FRACTION:
        raise CheckFailed(f"page 1 came out blank ({ink:.1%} ink)")
    return f"page 1, {image.width()} x {image.height()} px, {ink:.1%} ink"


def _check_board_render(run: _Run) -> str:
    from PySide6.QtGui import QImage

    from couplecanvas.canvas.image_export import board_to_png
    from couplecanvas.canvas.scene import BoardScene
    from couplecanvas.document.board_document import BoardDocument

    scene = BoardScene(BoardDocument(run.state["board"]))
    data = board_to_png(scene, None, scale=0.5, couple=run.state["couple"])
    image = QImage.fromData(data, "PNG")
    if image.isNull():
        raise CheckFailed("the board's PNG could not be read back")
    ink = _ink(image)
    if ink < INK_MIN_FRACTION:
        raise CheckFailed(f"the board came out blank ({ink:.1%} ink)")
    return f"{image.width()} x {image.height()} px, {ink:.1%} ink"
