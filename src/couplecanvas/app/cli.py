"""The command line: the GUI by default, and headless commands that need no display (and import no Qt)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from couplecanvas import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="couplecanvas",
        description="Couple Canvas: map a couple's cycle on a whiteboard and print a take-home handout.",
    )
    parser.add_argument("--version", action="version", version=f"Couple Canvas {__version__}")
    database_help = "SQLAlchemy database URL (default: couplecanvas.db in the data folder)"
    parser.add_argument("--database", metavar="URL", help=database_help)
    parser.add_argument("--share-window", action="store_true",
                        help="open the share window (only the board, for a video call) as soon as the board is open")
    # Also accepted after a command; SUPPRESS keeps the command from erasing a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help=database_help)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    export = commands.add_parser(
        "export-handout", parents=[common], help="write a session's handout as PDF, without a display"
    )
    export.add_argument("--session", type=int, required=True, metavar="ID", help="the session's number (see list-sessions)")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf", help="where to write the PDF")
    export.add_argument("--aliases", action=argparse.BooleanOptionalAction, default=None,
                        help="the partners' aliases instead of first names, or not (default: the couple's choice)")
    export.add_argument("--page-size", choices=("A4", "Letter"), default=None,
                        help="paper size (default: the practice's setting, else A4)")
    export.add_argument("--large-print", action=argparse.BooleanOptionalAction, default=None,
                        help="bigger letters and tick boxes, or normal print (default: the practice's setting)")
    export.add_argument("--positions", action=argparse.BooleanOptionalAction, default=False,
                        help="show who tends to pursue and who tends to withdraw, or not (default: not)")
    export.add_argument("--plan-card", action=argparse.BooleanOptionalAction, default=True,
                        help="end the handout with the plan for the fridge, 'When our cycle starts', or not "
                             "(default: with it)")
    export.add_argument("--feelings-page", action=argparse.BooleanOptionalAction, default=False,
                        help="add the feeling words by level on a back page, or not (default: not)")
    export.add_argument("--plan-only", action="store_true",
                        help="write only the plan for the fridge, 'When our cycle starts', on one page")
    commands.add_parser("list-sessions", parents=[common], help="list couples and their sessions with their numbers")
    return parser


def log_to_file() -> None:
    """Headless commands log as the app does, to the log file in the data folder, and never on stderr: stderr gets
    one calm line (`fail`)."""
    import logging

    from couplecanvas.app.logging_setup import setup_logging
    from couplecanvas.app.paths import data_dir

    logging.getLogger("couplecanvas").addHandler(logging.NullHandler())  # even when no log file can be made
    setup_logging(data_dir())


def fail(message: str) -> int:
    """One calm line on stderr, and a non-zero exit."""
    sys.stderr.write(f"couplecanvas: {' '.join(message.split())}\n")
    return 2


def open_repository(url: str | None):
    """Open the database and return a Repository (imports SQLAlchemy, so only when needed)."""
    from couplecanvas.app.paths import default_database_url
    from couplecanvas.storage.database import open_database
    from couplecanvas.storage.repository import Repository

    return Repository(open_database(url or default_database_url()))


def _read_session(url: str | None, session_id: int):
    """The session's couple, board and homework; by the light sqlite3 reader when the file is up to date."""
    import sqlite3

    from couplecanvas.app.paths import default_database_url
    from couplecanvas.storage.errors import DatabaseReadError, describe_read_error
    from couplecanvas.storage.export_reader import SessionForExport, read_session_for_export

    url = url or default_database_url()
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        try:
            found = read_session_for_export(path, session_id)
        except sqlite3.Error as error:  # the light reader lets SQLite's own errors through (a table gone, a lock)
            raise DatabaseReadError(describe_read_error("the session", str(path), error), str(path)) from error
        if found is not None:
            return found
    repository = open_repository(url)
    try:
        session = repository.get_session(session_id)
        return SessionForExport(
            repository.get_couple(session.couple_id),
            session,
            repository.load_board(session_id),
            repository.list_assignments(session_id),
            repository.get_practice(),
            repository.list_own_exercises(),
        )
    finally:
        repository.close()


def run_export_handout(args: argparse.Namespace) -> int:
    from couplecanvas.domain.homework import load_builtin_library
    from couplecanvas.export import export_handout
    from couplecanvas.export.files import write_file_atomically
    from couplecanvas.storage.errors import NotFound, StorageError

    if args.plan_only and not args.plan_card:
        return fail("--plan-only and --no-plan-card ask for opposite things: choose one.")
    log_to_file()
    try:
        found = _read_session(args.database, args.session)
    except NotFound as error:
        return fail(f"{error} Run 'couplecanvas list-sessions' to see them.")
    except StorageError as error:
        return fail(str(error))
    library = load_builtin_library().with_own(found.own_exercises)
    if args.plan_only:
        pdf = _plan_card(found, library, args)
    else:
        pdf = export_handout(
            found.couple,
            found.session,
            found.board,
            found.assignments,
            library,
            use_alias=args.aliases,
            page_size=args.page_size,
            practice=found.practice,
            large_print=args.large_print,
            show_positions=args.positions,
            plan_card=args.plan_card,
            feelings_page=args.feelings_page,
        )
    try:
        write_file_atomically(args.output, pdf)
    except OSError as error:
        return fail(f"could not write {args.output}: {error.strerror or error}")
    return 0


def _plan_card(found, library, args: argparse.Namespace) -> bytes:
    """The plan for the fridge alone, one page, on the practice's paper and print size unless asked otherwise."""
    from couplecanvas.export.handout_data import assemble_handout
    from couplecanvas.export.plan_card import render_plan_card

    practice = found.practice
    data = assemble_handout(found.couple, found.session, found.board, (), library, args.aliases, practice,
                            show_positions=args.positions, plan_card=True)
    large_print = practice.large_print if args.large_print is None else args.large_print
    return render_plan_card(data, page_size=args.page_size or practice.page_size, large_print=large_print)


def run_list_sessions(args: argparse.Namespace) -> int:
    from couplecanvas.storage.errors import StorageError

    log_to_file()
    try:
        repository = open_repository(args.database)
    except StorageError as error:
        return fail(str(error))
    lines: list[str] = []  # printed once everything was read: a list cut short would look complete
    try:
        for couple in repository.list_couples(include_archived=True):
            lines.append(f"{couple.display_name()}{'  (sample)' if couple.is_sample else ''}")
            for session in repository.list_sessions(couple.id):
                lines.append(f"  {session.id:>5}  {session.label()}")
    except StorageError as error:
        return fail(str(error))
    finally:
        repository.close()
    for line in lines:
        print(line)
    return 0

