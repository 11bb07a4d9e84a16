"""`python -m couplecanvas` runs the app."""

import sys

from couplecanvas.app.main import main

sys.exit(main())
