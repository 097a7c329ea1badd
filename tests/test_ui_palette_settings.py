"""The command palette (issue 12, point 13): themes by name, one name an entry, the chosen
theme remembered in the settings file (store/settings.py), and the same facets as the
search bar."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.command import CommandList

from mlseg_tui.store import settings as settings_module
from mlseg_tui.store.settings import Settings, read_settings, settings_path, write_settings
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.widgets.search_bar import SearchInput
from tests.conftest import make_app, settle

DEFAULT_THEME = "textual-dark"


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notice the app posts (the screen shows at most two at once)."""
    messages: list[str] = []
    real_notify = CatalogApp.notify

    def notify(app: CatalogApp, message: str, **options: object) -> None:
        messages.append(message)
        real_notify(app, message, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(CatalogApp, "notify", notify)
    return messages


async def palette_prompts(pilot, wanted: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The palette's options once one of them holds `wanted` (hits arrive asynchronously)."""
    commands = pilot.app.screen.query_one(CommandList)
    prompts: list[str] = []
    for _ in range(200):
        await pilot.pause(0.02)
        prompts = [
            str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
        ]
        if any(wanted in prompt for prompt in prompts):
            break
    return prompts


async def choose(pilot, keys: list[str], wanted: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the palette, type `keys` as one burst, highlight the option holding `wanted`
    and run it."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*keys)
    prompts = await palette_prompts(pilot, wanted)
    position = next(i for i, prompt in enumerate(prompts) if wanted in prompt)
    commands = pilot.app.screen.query_one(CommandList)
    commands.highlighted = position
    await pilot.press("enter")
    await pilot.pause()
    return prompts


async def theme_saved(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        if read_settings().settings.theme == name:
            return
        await pilot.pause(0.02)


async def notice_said(pilot, said: list[str], text: str) -> None:  # type: ignore[no-untyped-def]
    # A theme's save starts once its signal reaches the controller, then runs on a worker
    # and a thread: wait for its notice a bounded number of turns (a busy machine is slow).
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        if any(text in n for n in said):
            return
        await pilot.pause(0.02)


# ------------------------------------------------------------------------- themes


async def test_a_theme_typed_in_the_palette_is_chosen_and_kept_for_the_next_start(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme == DEFAULT_THEME
        keys = ["d", "r", "a", "c", "x", "backspace", "u", "l", "a"]
        prompts = await choose(pilot, keys, "Theme: dracula")
        assert any("Theme: dracula" in prompt for prompt in prompts)
        assert app.theme == "dracula"
        await theme_saved(pilot, "dracula")
    text = settings_path().read_text(encoding="utf-8")
    assert 'theme = "dracula"' in text
    assert settings_path().parent == Path(os.environ["MLSEG_TUI_CONFIG_DIR"])
    again = make_app(catalog_dir)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "dracula"
        # Choosing another one replaces it.
        await choose(pilot, ["n", "o", "r", "d"], "Theme: nord")
        assert again.theme == "nord"
        await theme_saved(pilot, "nord")
    assert read_settings().settings.theme == "nord"


async def test_no_two_palette_entries_share_a_name(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles)), sorted(titles)
        assert "Quit" not in titles  # Textual's: it would leave unsaved changes unasked
        assert {"Quit mlseg-tui", "Help: every key", "Key panel", "Theme picker"} <= set(titles)
        themes = {title.removeprefix("Theme: ") for title in titles if title.startswith("Theme: ")}
        assert themes == set(app.available_themes)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('theme = "dracula\n', "settings.toml:1:"),  # an unclosed string
        ("\n\ntheme = 3\n", "settings.toml:3: theme must be a theme's name"),
        ('theme = "nord"\ncolour = "red"\n', "settings.toml:2: unknown setting 'colour'"),
        (b"theme = '\xff'\n", "settings.toml:1: not UTF-8"),
    ],
)
async def test_a_broken_settings_file_is_reported_once_and_ignored(
    catalog_dir: Path, content: str | bytes, problem: str, said: list[str]
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode() if isinstance(content, str) else content
    path.write_bytes(data)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        notices = list(said)
        assert [n for n in notices if problem in n and str(path.parent) in n] != [], notices
        assert sum("Settings ignored" in n for n in notices) == 1
        if b"colour" not in data:
            assert app.theme == DEFAULT_THEME
        # Choosing a theme does not overwrite the user's file: it says so instead.
        app.theme = "gruvbox"
        await notice_said(pilot, said, "Theme not remembered")
        assert any("Theme not remembered" in n for n in said)
    assert path.read_bytes() == data


async def test_an_unknown_theme_is_reported_and_the_default_used(
    catalog_dir: Path, said: list[str]
) -> None:
    write_settings(Settings(theme="no-such-theme"))
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert any("'no-such-theme'" in n for n in said)


async def test_a_settings_file_that_is_no_regular_file_is_not_read(
    catalog_dir: Path, said: list[str]
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)  # opening it for reading would block
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        notices = list(said)
        assert any("not a regular file" in n and "settings.toml" in n for n in notices), notices


async def test_a_failed_write_keeps_the_old_file_and_says_so(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch, said: list[str]
) -> None:
    write_settings(Settings(theme="nord"))
    before = settings_path().read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        monkeypatch.setattr(os, "replace", full_disk)
        app.theme = "dracula"
        await notice_said(pilot, said, "No space left")
        assert any("No space left" in n for n in said)
    assert settings_path().read_bytes() == before
    assert [p.name for p in settings_path().parent.iterdir() if p.name.endswith(".tmp")] == []


def test_settings_round_trip_and_default_location(monkeypatch: pytest.MonkeyPatch) -> None:
    assert read_settings().settings == Settings()  # no file: the defaults, no problem
    assert read_settings().problem == ""
    write_settings(Settings(theme="gruvbox"))
    assert read_settings().settings == Settings(theme="gruvbox")
    with pytest.raises(ValueError):
        write_settings(Settings(theme='x"\n[evil]'))
    monkeypatch.delenv(settings_module.CONFIG_DIR_ENV)
    import platformdirs

    assert settings_path() == platformdirs.user_config_path("mlseg-tui") / "settings.toml"


# ------------------------------------------------------------------------- facets


async def test_the_palette_understands_the_search_bars_facets(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        keys = [*"seg:narrox", "backspace", *"w kafka"]
        prompts = await choose(pilot, keys, "Go to tool: Apache Kafka")
        assert not any("Not understood" in prompt for prompt in prompts), prompts
        assert app.tools[app.panes[app.active].current_tool].name == "Apache Kafka"  # type: ignore[index]
        # A segment that the tool is not in: no such hit.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"seg:middle kafka")
        prompts = await palette_prompts(pilot, "Go to tool: Apache Kafka")
        assert not any("Apache Kafka" in prompt for prompt in prompts)
        await pilot.press("escape")
        await pilot.pause()


async def test_the_palette_says_what_it_did_not_understand(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        prompts = await choose(pilot, [*"seg:nowhere"], "Not understood")
        said = next(prompt for prompt in prompts if "Not understood" in prompt)
        assert "seg:nowhere" in said
        # Choosing it opens the search bar with the query, where the bar says it too.
        await settle(pilot)
        assert isinstance(app.focused, SearchInput) and app.focused.value == "seg:nowhere"


async def test_disagree_works_in_the_palette(catalog_dir: Path) -> None:
    app: CatalogApp = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"disagree:yes")
        prompts = await palette_prompts(pilot, "Go to tool:")
        assert not any("Not understood" in prompt for prompt in prompts), prompts


async def test_a_query_that_finds_a_command_says_nothing_is_misunderstood(
    catalog_dir: Path,
) -> None:
    # Review finding 16: "theme: nord" is a command's name, not a facet typed wrong.
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme: nox", "backspace", "r", "d")
        await palette_prompts(pilot, "Theme: nord")
        await pilot.pause(0.2)  # the tool provider answers too
        prompts = await palette_prompts(pilot, "Theme: nord")
        assert any("Theme: nord" in prompt for prompt in prompts), prompts
        assert not any("Not understood" in prompt for prompt in prompts), prompts
        await pilot.press("escape")
