"""`python -m mlseg_tui` runs the same command as `mlseg-tui`."""

from .cli import main

main()
