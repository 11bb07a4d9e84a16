"""The command line's couple files: `export-couple` writes one couple to a .couple file, `import-couple` adds a copy of
the couple in one. Headless: no Qt is imported."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_couple_commands(subparsers, common: argparse.ArgumentParser) -> None:
    """Add `export-couple` and `import-couple` to the command line; each sets `run` to its function."""
    export = subparsers.add_parser(
        "export-couple",
        parents=[common],
        help="write one couple (sessions, boards, homework, progress) to a .couple file, to move it to another "
        "computer",
    )
    export.add_argument(
        "--couple", type=int, required=True, metavar="ID", help="the couple's number (see list-couples)"
    )
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.couple", help="where to write it")
    export.add_argument("--include-private", action="store_true",
                        help="also write the private notes and the safety screening record (therapist only; "
                             "left out unless asked for)")
    export.set_defaults(run=run_export_couple)
    imported = subparsers.add_parser(
        "import-couple", parents=[common],
        help="add a copy of the couple in a .couple file (checked first; the database is backed up before)",
    )
    imported.add_argument("file", type=Path, metavar="FILE.couple", help="the couple file to import")
    imported.set_defaults(run=run_import_couple)
    listed = subparsers.add_parser("list-couples", parents=[common], help="list the couples with their numbers")
    listed.set_defaults(run=run_list_couples)


def run_export_couple(args: argparse.Namespace) -> int:
    """Write the couple's file; 0, or 2 after one calm line on stderr."""
    from couplecanvas.app.cli import fail, log_to_file, open_repository, unlock_database
    from couplecanvas.domain.activity import Action
    from couplecanvas.storage.couple_file import CoupleFileError, gather_couple, write_couple_file
    from couplecanvas.storage.errors import NotFound, StorageError

    log_to_file()
    output = args.output if args.output.suffix else args.output.with_suffix(".couple")
    try:
        repository = open_repository(args.database, unlock_database(args.database, args.passphrase_fd))
    except StorageError as error:
        return fail(str(error))
    try:
        bundle = gather_couple(repository, args.couple, args.include_private)
    except NotFound as error:
        repository.close()
        return fail(f"{error} Run 'couplecanvas list-couples' to see them.")
    except StorageError as error:
        repository.close()
        return fail(str(error))
    try:
        write_couple_file(output, bundle)
    except CoupleFileError as error:
        return fail(str(error))
    else:
        repository.record_activity(Action.EXPORT_COUPLE, args.couple, output.name)
    finally:
        repository.close()
    private = "with" if args.include_private else "without"
    print(f"Wrote {bundle.couple.display_name(False)} ({len(bundle.sessions)} sessions, {private} private notes and "
          f"screening) to {output}")
    return 0


def run_import_couple(args: argparse.Namespace) -> int:
    """Check the file, then add its couple as a new one; 0, or 2 after one calm line on stderr."""
    from couplecanvas.app.cli import fail, log_to_file, open_repository, unlock_database
    from couplecanvas.domain.activity import Action
    from couplecanvas.storage.couple_file import CoupleFileError, read_couple_file
    from couplecanvas.storage.errors import StorageError

    log_to_file()
    try:
        bundle = read_couple_file(args.file)  # every check before the database is even opened
    except CoupleFileError as error:
        return fail(str(error))
    try:
        repository = open_repository(args.database, unlock_database(args.database, args.passphrase_fd))
    except StorageError as error:
        return fail(str(error))
    try:
        couple = repository.import_couple(bundle)
        repository.record_activity(Action.IMPORT_COUPLE, couple.id, args.file.name)
    except StorageError as error:
        return fail(str(error))
    finally:
        repository.close()
    print(f"Imported {couple.display_name(False)} as couple {couple.id} ({len(bundle.sessions)} sessions)")
    return 0


def run_list_couples(args: argparse.Namespace) -> int:
    """Each couple's number and names (the numbers export-couple asks for)."""
    from couplecanvas.app.cli import fail, log_to_file, open_repository, unlock_database
    from couplecanvas.storage.errors import StorageError

    log_to_file()
    try:
        repository = open_repository(args.database, unlock_database(args.database, args.passphrase_fd))
    except StorageError as error:
        return fail(str(error))
    try:
        couples = repository.list_couples(include_archived=True)
    except StorageError as error:
        return fail(str(error))
    finally:
        repository.close()
    for couple in couples:
        flags = "".join(
            f"  ({word})" for word, on in (("sample", couple.is_sample), ("archived", couple.archived)) if on
        )
        print(f"{couple.id:>5}  {couple.display_name(False)}{flags}")
    return 0
