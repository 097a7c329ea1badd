"""The README's promises (issue 12, point 17): two one-line set-up commands that work on a
system Python that is "externally managed", the test one exactly what CI runs, installs
that do not assume mlseg-tui is on PyPI, the segment ids the CLI takes, true counts."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_after(heading: str) -> list[str]:
    """The lines of the first ```sh block after the line that starts with `heading`."""
    after = README[README.index(heading) :]
    block = re.search(r"```sh\n(.*?)```", after, re.DOTALL)
    assert block is not None
    return block.group(1).splitlines()


def test_the_two_set_up_commands_are_single_lines_in_a_virtual_environment() -> None:
    for heading in ("Install and run the app", "Install the test extras"):
        [command] = block_after(heading)
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install ")
    assert block_after("Install and run the app") == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/mlseg-tui"
    ]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    [command] = block_after("Install the test extras")
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert script[-1] == command


def test_every_pip_install_is_into_a_virtual_environment_and_none_from_pypi() -> None:
    for line in README.splitlines():
        for found in re.finditer(r"(\S*)pip install (\S+)", line):
            where, what = found.groups()
            assert where.endswith("/bin/"), line  # never the system Python's pip
            assert not what.strip("'\"").startswith("mlseg-tui") or "@ git+" in line, line
    assert "pipx install ." in README


def test_the_segment_ids_and_titles_the_cli_takes_are_listed() -> None:
    segments = tomllib.loads((ROOT / "catalog" / "segments.toml").read_text(encoding="utf-8"))
    for segment in segments["segments"]:
        assert f"`{segment['id']}` ({segment['title']})" in README.replace('"', "")


def test_tool_counts_are_true() -> None:
    bundled = len(list((ROOT / "catalog" / "tools").glob("*.toml")))
    # "N tools" of the bundled catalog (big synthetic catalogs are written 10,000).
    for count in re.findall(r"(?<![\d,])(\d+) tools\b", README):
        assert int(count) == bundled, f"the README says {count} tools; the catalog has {bundled}"


def test_the_opening_says_what_a_save_writes() -> None:
    # Review finding 13: a move with a reason writes more than one line.
    opening = README[: README.index("## Set up")]
    assert "one-line" not in opening
    for part in ("`segment` line", "history entry", "reasoning when you give a reason"):
        assert part in " ".join(opening.split()), part


def test_the_readme_says_what_the_question_mark_and_h_l_do() -> None:
    # Review findings 7 and 9: the mark is the tentative flag, which a move keeps; L steps
    # past the light end to Other.
    text = " ".join(README.split())
    assert "A name ending in `?` is a placement marked tentative" in text
    assert "it stays when you move the tool" in text
    assert "right from the light end (Narrow) goes on to Other, off the scale" in text
