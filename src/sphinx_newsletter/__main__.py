"""``python -m sphinx_newsletter``: the ``newsletter`` command."""

import sys

from .cli.main import main

sys.exit(main())
