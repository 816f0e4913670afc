"""``python -m evodesk``: the same as the ``evodesk`` command."""

import sys

from evodesk.app import main

if __name__ == "__main__":
    sys.exit(main())
