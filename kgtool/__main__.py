"""Allow ``python -m kgtool``."""

import sys

try:
    from kgtool.cli import main
except KeyboardInterrupt:  # Ctrl-C while the libraries load: the same quiet exit as later
    print("kgtool: interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
