"""`python -m mlseg_tui` runs the same command as `mlseg-tui`."""

from .launch import main

main()
