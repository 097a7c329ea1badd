"""The exported page in a real browser: opened from file://, every tool on it, search with
typos, details by keyboard, a hostile name shown as text, and phone and desktop layouts."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.cli.commands import main
from mlseg_tui.search.index import SearchIndex
from mlseg_tui.search.ranking import is_text_match
from tests.browser_support import browser, screenshot_path
from tests.publish_support import AS_OF, BUNDLED, bundled
from tests.test_publish_cli import HOSTILE_TOOL

__all__ = ["browser"]  # the fixture, shared by import
HOSTILE = "<script>alert(1)</script>"
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled catalog plus a hostile tool, exported by the command a user runs."""
    folder = tmp_path_factory.mktemp("page")
    catalog = Path(shutil.copytree(BUNDLED, folder / "catalog"))
    (catalog / "tools" / "hostile.toml").write_text(HOSTILE_TOOL, encoding="utf-8")
    target = folder / "map.html"
    args = ["export", "--catalog", str(catalog), "--format", "html", "-o", str(target)]
    result = CliRunner().invoke(main, [*args, "--date", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    return target


def _open(browser: Any, page_file: Path, size: tuple[int, int]) -> tuple[Any, list[str], list[str]]:
    """A page on the file, the dialogs it opened and the requests it made."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(page_file.as_uri())
    return page, dialogs, requests


def _visible_names(page: Any) -> list[str]:
    return page.locator("li.tool:visible summary .name").all_inner_texts()


def test_every_tool_is_on_the_page_and_sagmaker_finds_only_sagemaker(
    browser: Any, page_file: Path
) -> None:
    page, dialogs, requests = _open(browser, page_file, VIEWPORTS["desktop"])
    names = set(_visible_names(page))
    expected = {tool.name for tool in bundled().tools} | {HOSTILE}
    assert names == expected
    assert [h.inner_text() for h in page.locator("section.segment h2").all()] == [
        "Hand-holding", "Middle of the road", "Narrow", "Other",
    ]  # fmt: skip
    page.screenshot(path=screenshot_path("page-desktop-1280x800.png"), full_page=False)

    page.keyboard.press("/")
    page.keyboard.type("sagmaker", delay=5)
    assert _visible_names(page) == ["Amazon SageMaker"]
    assert page.locator("#count").inner_text() == f"1 of {len(expected)} tools match"
    page.keyboard.press("Enter")  # opens the first match and moves to it
    reasoning = page.locator("li.tool:visible .reasoning")
    assert reasoning.is_visible()
    assert reasoning.inner_text().startswith("SageMaker is one of the two examples")
    assert "Heavy-weight products" in page.locator("li.tool:visible .detail").inner_text()
    assert dialogs == [] and all(url.startswith("file://") for url in requests)


def test_a_burst_of_keys_with_backspaces_ends_on_the_final_query(
    browser: Any, page_file: Path
) -> None:
    page, _, _ = _open(browser, page_file, VIEWPORTS["desktop"])
    page.keyboard.press("/")
    page.keyboard.type("k8s", delay=0)
    for _ in range(3):
        page.keyboard.press("Backspace")
    page.keyboard.type("kubernets", delay=0)  # one letter missing
    assert page.locator("#q").input_value() == "kubernets"
    assert _visible_names(page) == ["Kubernetes"]
    page.keyboard.press("Escape")
    assert page.locator("#q").input_value() == ""
    assert len(_visible_names(page)) == len(bundled().tools) + 1


def test_arrows_move_between_tools_and_escape_closes(browser: Any, page_file: Path) -> None:
    page, _, _ = _open(browser, page_file, VIEWPORTS["desktop"])
    page.keyboard.press("/")
    page.keyboard.type("flow")
    names = _visible_names(page)
    assert "MLflow" in names and "Kubeflow Pipelines" in names and "Metaflow" in names
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == names[1]
    page.keyboard.press("Enter")
    assert page.locator("details[open] > summary", has_text=names[1]).count() == 1
    page.keyboard.press("Escape")
    assert page.locator("li.tool details[open]").count() == 0
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # from the first tool back to the search box
    assert page.evaluate("document.activeElement.id") == "q"


def test_a_hostile_name_shows_as_text_and_no_script_runs(browser: Any, page_file: Path) -> None:
    page, dialogs, _ = _open(browser, page_file, VIEWPORTS["desktop"])
    card = page.locator("li.tool", has_text=HOSTILE)
    assert card.locator("summary .name").inner_text() == HOSTILE
    card.locator("summary").click()
    assert 'A <b>hostile</b> & "quoted" name' in card.locator(".reasoning").inner_text()
    assert card.locator("a").count() == 0  # its javascript: homepage is text, not a link
    assert "javascript:alert(3)" in card.inner_text()
    assert page.locator("script").count() == 1 and page.locator("img").count() == 0
    assert dialogs == []


def test_a_phone_stacks_the_segments(browser: Any, page_file: Path) -> None:
    page, _, _ = _open(browser, page_file, VIEWPORTS["phone"])
    boxes = [section.bounding_box() for section in page.locator("section.segment").all()]
    assert len({round(box["x"]) for box in boxes}) == 1  # one column
    assert all(box["width"] <= 390 for box in boxes)
    assert [box["y"] for box in boxes] == sorted(box["y"] for box in boxes)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.screenshot(path=screenshot_path("page-phone-390x844.png"), full_page=False)


# ------------------------------------------------------------------------- the app's rules

# What the page shows for each query put in its search box, read in the next frame: the
# page filters in the first frame after an input, before this frame callback runs.
SHOWN_FOR_QUERIES = """async (queries) => {
  const box = document.getElementById("q");
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  const shown = {};
  for (const query of queries) {
    box.value = query;
    box.dispatchEvent(new Event("input"));
    await frame();
    shown[query] = Array.from(document.querySelectorAll("li.tool"))
      .filter((item) => !item.hidden)
      .map((item) => item.querySelector("summary .name").textContent);
  }
  return shown;
}"""


def _shown_for(page: Any, queries: list[str]) -> dict[str, list[str]]:
    return page.evaluate(SHOWN_FOR_QUERIES, queries)


def _app_finds(page_file: Path, queries: list[str]) -> dict[str, set[str]]:
    """The tools the app's search finds by name or alias (not by their text) per query."""
    catalog = load_catalog(page_file.parent / "catalog").catalog
    assert catalog is not None
    index = SearchIndex(catalog.tools)
    return {
        query: {
            catalog.tools[match.tool_index].name
            for match in index.search(query).matches
            if not is_text_match(match.score)
        }
        for query in queries
    }


@pytest.mark.parametrize(
    ("query", "expected", "noise"),
    [
        ("kafka", {"Apache Kafka"}, {"Databricks"}),
        ("spark", {"Apache Spark"}, {"Domino Data Lab", "ONNX", "WhyLabs", "Anyscale"}),
        ("ray", {"Ray", "Ray Serve"}, {"JFrog Artifactory", "DSPy"}),
        ("wandb", {"Weights & Biases"}, {"Kubeflow"}),
        ("sagmaker", {"Amazon SageMaker"}, set()),
        ("kubflow", {"Kubeflow"}, set()),
        ("k8s", {"Kubernetes"}, set()),
        ("kuberentes", {"Kubernetes"}, set()),
        ("kafla", {"Apache Kafka"}, set()),
        # The page's own rules (an edit anywhere in a key) listed these too.
        ("aim", {"Aim"}, {"Algorithmia", "DataRobot", "Google Cloud AutoML"}),
        ("face", {"Hugging Face Hub"}, {"JFrog Artifactory"}),
        ("pipe", {"GraphPipe", "Kubeflow Pipelines"}, {"Clipper"}),
        ("serv", {"KServe", "Ray Serve"}, {"DSPy", "Seldon Core"}),
        ("aent", {"Datadog"}, {"BentoML", "Qdrant", "Segment"}),
        ("abseten", set(), {"Baseten"}),  # a typo in the first letter is not forgiven
    ],
)
def test_the_page_finds_what_the_app_finds_without_noise(
    browser: Any, page_file: Path, query: str, expected: set[str], noise: set[str]
) -> None:
    page, _, _ = _open(browser, page_file, VIEWPORTS["desktop"])
    page.keyboard.press("/")
    page.keyboard.type(query[:-1] + "x", delay=0)  # a wrong last key, then corrected
    page.keyboard.press("Backspace")
    page.keyboard.type(query[-1], delay=0)
    assert page.locator("#q").input_value() == query
    shown = set(_visible_names(page))
    assert expected <= shown and not noise & shown, shown
    assert shown == _app_finds(page_file, [query])[query]


def _one_edit_typos(word: str) -> set[str]:
    """`word` with a letter dropped, two neighbours swapped or one letter wrong."""
    out = {word[:at] + word[at + 1 :] for at in range(len(word))}
    out |= {word[:at] + word[at + 1] + word[at] + word[at + 2 :] for at in range(len(word) - 1)}
    out |= {word[:at] + "x" + word[at + 1 :] for at in range(len(word))}
    return out


def test_the_page_and_the_app_agree_on_typed_queries(browser: Any, page_file: Path) -> None:
    """For every query of a list (the issue's, short ones, a key's words and the start of
    the next word, and one-edit typos of them) the page shows exactly the tools the app
    finds by name or alias."""
    keys = [key for tool in bundled().tools[::7] for key in tool.keys]
    queries = {"a", "k", "tf", "ml", "ai", "flow", "pipe", "serving", "k8s", "wandb", "xyz"}
    for key in keys:
        words = key.casefold().split()
        queries |= {words[0][:6], " ".join(words)[:9]}
        queries |= _one_edit_typos(words[-1][:7])
    queries = {query.strip() for query in queries if query.strip() and ":" not in query}
    ordered = sorted(queries)
    page, _, _ = _open(browser, page_file, VIEWPORTS["desktop"])
    shown = _shown_for(page, ordered)
    app = _app_finds(page_file, ordered)
    differ = {query: (sorted(app[query]), shown[query]) for query in ordered
              if set(shown[query]) != app[query]}  # fmt: skip
    assert differ == {}
    assert sum(1 for query in ordered if app[query]) > len(ordered) // 2  # most find tools
