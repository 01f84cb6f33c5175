"""Allow ``python -m lumbar``."""

from lumbar.cli import main

main()
