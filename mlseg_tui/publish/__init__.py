"""Publishing a catalog where teams read maps, and reading their radars back.

Pure text over the domain model, below the ui and the cli (no terminal imports):
- radar: segments as rings in scale order, quadrant schemes, each tool's movement;
- byor, backstage, landscape, page: one output format each (landscape2's YAML through
  yaml_text, BYOR's HTML descriptions through html_text);
- items, json_lines: what an import reads from a radar file, and where;
- export: one entry point for every format; files: reading and writing the files
  that exports and imports name, through the store's atomic writer;
- importing: a radar file's items mapped onto the catalog, then applied.
"""
