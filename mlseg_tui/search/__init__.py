"""Fuzzy search over tool names and aliases.

`index.SearchIndex` picks an engine (`python_engine`, or `numpy_engine` with its build in
`numpy_tables` and its fuzzy tier in `numpy_fuzzy`); both rank by the tiers of `ranking`
over the keys of `keys`, and give a `result.SearchResult`. `highlight` marks a match's
characters for display.
"""
