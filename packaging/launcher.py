"""Entry script of the frozen executable (PyInstaller needs a script, not a console-script entry point)."""

import sys

from evodesk.app import main

if __name__ == "__main__":
    sys.exit(main())
