"""``python -m viewer``: the same ``main`` as the ``viewer`` command."""

import sys

from viewer.cli import main

sys.exit(main())
