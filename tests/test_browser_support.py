"""Without Chromium the browser tests skip with an install hint, except in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import browser_support


def test_without_chromium_a_browser_test_skips_saying_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        browser_support.unavailable("Chromium is not installed")


def test_in_ci_a_missing_browser_fails_instead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="must run in CI"):
        browser_support.unavailable("Chromium is not installed")


def test_chromium_is_found_by_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("")
    monkeypatch.setenv("MLSEG_CHROMIUM", str(fake))
    assert browser_support.chromium_path() == str(fake)
