"""`python -m filmcrew`."""

import sys

from filmcrew.cli import main

sys.exit(main())
