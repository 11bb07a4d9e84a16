"""The command line: the GUI by default, and headless commands that need no display (and import no Qt)."""

from __future__ import annotations

import argparse
import re
import stat
import sys
from pathlib import Path

from couplecanvas import __version__
from couplecanvas.storage import cipher
from couplecanvas.storage.errors import StorageError
from couplecanvas.storage.sqlite_file import CORE_TABLES, check_sqlite_file, table_names

MAX_SESSION_ID = 2**63 - 1  # SQLite's largest integer: a larger number names no session and must not reach SQLite

# Tables every Couple Canvas database has had since the first schema; tests keep this within storage.tables.
# A file stamped with our revision but holding none of them is another program's (kept here: no SQLAlchemy import).
OUR_TABLES = CORE_TABLES  # a file holding none of them is not ours (storage.sqlite_file)


class DatabaseChoiceError(StorageError):
    """The database asked for cannot be used: not an SQLite URL, no such file, not a file, another program's file.
    Found by looking only: nothing was created or changed."""


class OutputChoiceError(ValueError):
    """The output asked for cannot be written (no file name)."""


class PassphraseInputError(StorageError):
    """No passphrase could be had: no terminal and no --passphrase-fd, or that descriptor could not be read."""


PASSPHRASE_TRIES = 3  # on a terminal; a passphrase from --passphrase-fd gets one try
_PASSPHRASE_MAX_BYTES = 4096


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="couplecanvas",
        description="Couple Canvas: map a couple's cycle on a whiteboard and print a take-home handout.",
    )
    parser.add_argument("--version", action="version", version=f"Couple Canvas {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this install on a temporary database (migrate, sample board, handout, drawing "
                             "offscreen), one line per check; exit 0 when all pass. The user's data is not touched")
    database_help = "SQLAlchemy database URL (default: couplecanvas.db in the data folder)"
    parser.add_argument("--database", metavar="URL", help=database_help)
    parser.add_argument("--share-window", action="store_true",
                        help="open the share window (only the board, for a video call) as soon as the board is open")
    # Also accepted after a command; SUPPRESS keeps the command from erasing a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help=database_help)
    # Never a passphrase option or environment variable: those show in `ps` and in shell history.
    common.add_argument("--passphrase-fd", type=_descriptor, default=None, metavar="N",
                        help="for an encrypted database: read its passphrase as one line from file descriptor N "
                             "(without it, the passphrase is asked on the terminal)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    export = commands.add_parser(
        "export-handout", parents=[common], help="write a session's handout as PDF, without a display"
    )
    export.add_argument(
        "--session", type=int, required=True, metavar="ID", help="the session's number (see list-sessions)"
    )
    # Not type=Path: Path("") is ".", and an empty -o must be refused, not read as the working folder.
    export.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="where to write the PDF")
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
    from couplecanvas.app.couple_commands import add_couple_commands

    add_couple_commands(commands, common)
    return parser


def _descriptor(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"a file descriptor number such as 3, not '{_shown(text)}'")
    return int(text)


def _read_descriptor(fd: int) -> str:
    """One line from file descriptor `fd` (its newline taken off; spaces are part of a passphrase)."""
    try:
        with open(fd, "rb", closefd=False) as stream:
            line = stream.readline(_PASSPHRASE_MAX_BYTES + 1)
    except OSError as error:
        raise PassphraseInputError(f"--passphrase-fd {fd} could not be read: {error.strerror or error}.") from error
    if len(line) > _PASSPHRASE_MAX_BYTES:
        raise PassphraseInputError(f"The line read from --passphrase-fd {fd} is too long to be a passphrase.")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PassphraseInputError(f"The passphrase read from --passphrase-fd {fd} is not UTF-8 text.") from error
    text = text.removesuffix("\n").removesuffix("\r")
    if not text:
        raise PassphraseInputError(f"No passphrase could be read from --passphrase-fd {fd}: write it there as one "
                                   "line.")
    return text


def unlock_database(url: str | None, passphrase_fd: int | None) -> bytes | None:
    """The data key of the database --database names, when it is encrypted (None when it is not).

    The passphrase comes from --passphrase-fd or, on a terminal, from getpass (PASSPHRASE_TRIES tries); never from
    an argument or the environment. WrongPassphraseError, KeyFileError or PassphraseInputError say why not."""
    path = locate_database(url)
    if not cipher.is_encrypted(path):
        return None
    if passphrase_fd is not None:
        try:
            return cipher.unlock(path, _read_descriptor(passphrase_fd))
        except cipher.WrongPassphraseError:
            raise cipher.WrongPassphraseError(
                f"The passphrase read from --passphrase-fd {passphrase_fd} is not right for {path}. "
                "Nothing was read or changed."
            ) from None
    if not sys.stdin.isatty():
        raise PassphraseInputError(
            f"{path} is encrypted and there is no terminal to ask its passphrase on: give it with --passphrase-fd N "
            "(one line read from file descriptor N). Nothing was read or changed."
        )
    import getpass

    for tries_left in range(PASSPHRASE_TRIES - 1, -1, -1):
        try:
            passphrase = getpass.getpass(f"Passphrase for {path.name}: ")
        except (EOFError, KeyboardInterrupt):
            raise PassphraseInputError("No passphrase was given. Nothing was read or changed.") from None
        try:
            return cipher.unlock(path, passphrase)
        except cipher.WrongPassphraseError:
            if tries_left:
                sys.stderr.write(f"The passphrase is not right ({tries_left} "
                                 f"{'try' if tries_left == 1 else 'tries'} left).\n")
    raise cipher.WrongPassphraseError(f"The passphrase is not right for {path}. Nothing was read or changed.")


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


def _shown(text: str) -> str:
    """Text typed by the user, safe on one line of a terminal (control characters escaped)."""
    return text if text.isprintable() else repr(text)[1:-1]


def _without_password(url: str) -> str:
    """A URL to name in a message: scheme, user, host and database, never a password or the options."""
    scheme, _, rest = url.partition("://")
    address, slash, database = rest.partition("/")
    if "@" in address:
        user, _, host = address.rpartition("@")
        address = f"{user.partition(':')[0]}@{host}"
    return _shown(f"{scheme}://{address}{slash}{database.partition('?')[0]}")


def sqlite_path_of(url: str) -> Path:
    """The file an SQLite URL names, or DatabaseChoiceError saying why the URL cannot be used (looks only)."""
    example = "sqlite:///path/to/couplecanvas.db"
    scheme, separator, rest = url.partition("://")
    if not separator or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        raise DatabaseChoiceError(f"--database takes a database URL such as {example}, not '{_shown(url)}'.")
    if scheme.partition("+")[0].lower() != "sqlite":
        raise DatabaseChoiceError(
            f"This build of Couple Canvas works with SQLite files only (--database {example}); "
            f"{_without_password(url)} is not one."
        )
    if not rest.startswith("/") or rest[1:] in ("", ":memory:"):
        raise DatabaseChoiceError(f"{_shown(url)} names no database file; give its path, as in {example}.")
    text = rest[1:]
    if "?" in text:
        raise DatabaseChoiceError(f"{_shown(url)}: options after '?' are not supported; give only the file's path.")
    if "\x00" in text:
        raise DatabaseChoiceError(f"{_shown(url)}: a file's path cannot hold a NUL character.")
    return Path(text).expanduser()


def locate_database(url: str | None) -> Path:
    """The file --database names (or the app's own one, maybe not made yet): it exists and is a regular file with
    something in it. Found by looking only; DatabaseChoiceError says why not."""
    from couplecanvas.app.paths import DATABASE_FILE, data_dir

    if url is None:
        path = data_dir() / DATABASE_FILE
        if not path.exists():
            return path
    else:
        path = sqlite_path_of(url)
        try:
            exists = path.exists()
        except OSError as error:  # e.g. a name too long for the system
            raise DatabaseChoiceError(f"{_shown(str(path))} cannot be used: {error.strerror or error}.") from error
        if not exists:
            raise DatabaseChoiceError(f"No database at {path}. Check the path: the command line never creates one.")
    try:
        status = path.stat()
    except OSError as error:
        raise DatabaseChoiceError(f"{path} could not be read: {error.strerror or error}.") from error
    if stat.S_ISDIR(status.st_mode):
        raise DatabaseChoiceError(f"{path} is a folder, not a Couple Canvas database.")
    if not stat.S_ISREG(status.st_mode):  # a FIFO would block the first read for ever
        raise DatabaseChoiceError(
            f"{path} is not a file (a pipe or a device), not a Couple Canvas database. It was left untouched."
        )
    if status.st_size == 0 and url is not None:
        raise DatabaseChoiceError(f"{path} is empty, not a Couple Canvas database. It was left untouched.")
    return path


def database_file(url: str | None, key: bytes | None = None) -> Path:
    """The SQLite file a command works on, checked by looking only (never created, never changed).

    Without --database: the app's own file in the data folder, which may be new (created on first use, as the app
    does). With --database: a file that must exist, so a mistyped path is an error naming it, never a new database.
    An encrypted file is read with `key` (unlock_database). Raises StorageError (DatabaseChoiceError, or
    DatabaseOpenError for a file that is not SQLite, KeyNeededError for an encrypted one without its key).
    """
    path = locate_database(url)
    if not path.exists():
        return path
    check_sqlite_file(path, key)
    tables = table_names(path, key)
    if tables is not None and not tables & OUR_TABLES and (tables or url is not None):
        # Before open_database: its pragmas (WAL) would rewrite the header of a file stamped with our revision.
        if tables - {"sqlite_sequence"}:
            raise DatabaseChoiceError(
                f"{path} is an SQLite file of another program, not a Couple Canvas database. It was left untouched."
            )
        raise DatabaseChoiceError(
            f"{path} is an empty SQLite file, not a Couple Canvas database. It was left untouched."
        )
    return path


def open_repository(url: str | None, key: bytes | None = None):
    """Open the database --database names (or the default one) and return a Repository; StorageError says why not.

    The file is checked by looking first (`database_file`), so a mistyped path, another program's file or a server
    URL is refused before SQLAlchemy (imported only here) touches anything. `key`: see unlock_database.
    """
    from couplecanvas.storage.database import open_database, sqlite_url
    from couplecanvas.storage.repository import Repository

    return Repository(open_database(sqlite_url(database_file(url, key)), key=key))


def output_file(text: str) -> Path:
    """The file -o names, checked by looking only; OutputChoiceError, or OSError (UnsafeTargetError) saying why not."""
    from couplecanvas.export.files import writable_target

    if not text.strip():
        raise OutputChoiceError("-o needs a file name, for example -o handout.pdf.")
    path = Path(text)
    writable_target(path)
    return path


def _read_session(url: str | None, session_id: int, key: bytes | None = None):
    """The session's couple, board and homework; by the light sqlite3 reader when the file is up to date."""
    from couplecanvas.storage.errors import DatabaseReadError, describe_read_error
    from couplecanvas.storage.export_reader import SessionForExport, read_session_for_export

    path = database_file(url, key)
    try:
        found = read_session_for_export(path, session_id, key)
    except cipher.errors() as error:  # the light reader lets SQLite's own errors through (a table gone, a lock)
        raise DatabaseReadError(describe_read_error("the session", str(path), error), str(path)) from error
    if found is not None:
        return found
    repository = open_repository(url, key)
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
    from couplecanvas.storage.errors import NotFound

    if args.plan_only and not args.plan_card:
        return fail("--plan-only and --no-plan-card ask for opposite things: choose one.")
    if not 0 < args.session <= MAX_SESSION_ID:
        return fail(f"No session with id {args.session}. Run 'couplecanvas list-sessions' to see them.")
    try:
        output = output_file(args.output)
    except OutputChoiceError as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"could not write {_shown(args.output)}: {error.strerror or error}")
    log_to_file()
    try:
        key = unlock_database(args.database, args.passphrase_fd)
        found = _read_session(args.database, args.session, key)
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
        write_file_atomically(output, pdf)
    except OSError as error:
        return fail(f"could not write {output}: {error.strerror or error}")
    from couplecanvas.domain.activity import Action
    from couplecanvas.storage.activity import record_in_file

    record_in_file(locate_database(args.database), key, Action.EXPORT_HANDOUT, found.couple.id, output.name)
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
    log_to_file()
    try:
        repository = open_repository(args.database, unlock_database(args.database, args.passphrase_fd))
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

