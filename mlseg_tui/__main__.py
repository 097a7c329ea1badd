"""`python -m mlseg_tui` runs the same command as `mlseg-tui`."""

from mlseg_tui.cli.launch import main

main()
