"""``python -m gkrules``: the same as the ``gkrules`` command."""

from gkrules.cli import main

raise SystemExit(main())
