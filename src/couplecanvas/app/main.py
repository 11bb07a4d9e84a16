"""Entry point: `couplecanvas` opens the app; `couplecanvas export-handout ...` works without a display."""

from __future__ import annotations

import os
import sys

from couplecanvas.app.cli import build_parser, run_export_handout, run_list_sessions


def main(argv: list[str] | None = None) -> int:
    """Run the command line or the app; returns the exit code."""
    from couplecanvas.app.paths import PRIVATE_UMASK

    os.umask(PRIVATE_UMASK)  # every file written from here on (exports, logs, the database) is the owner's alone
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        from couplecanvas.app.self_test import run_self_test

        return run_self_test()
    if args.command == "export-handout":
        return run_export_handout(args)
    if args.command == "list-sessions":
        return run_list_sessions(args)
    if getattr(args, "run", None) is not None:  # export-couple, import-couple, list-couples
        return args.run(args)
    from couplecanvas.app.gui import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
