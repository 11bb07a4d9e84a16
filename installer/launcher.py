"""The bundle's entry point: PyInstaller runs this file as __main__ (the package's own __main__ would do too, but a
script outside the package keeps the spec's Analysis from treating couplecanvas as a loose script folder)."""

import sys

from couplecanvas.app.main import main

if __name__ == "__main__":
    sys.exit(main())
