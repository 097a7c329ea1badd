"""mlseg-tui: a keyboard-driven catalog of the MLOps tool market."""

__version__ = "0.1.0"
