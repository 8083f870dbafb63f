"""`python -m reporting` is the same as the `termsheet` command."""

import sys

from reporting.cli import main

sys.exit(main())
