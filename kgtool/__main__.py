"""Allow ``python -m kgtool``."""

import sys

from kgtool.cli import main

sys.exit(main())
