"""The `verksam` command's entry point: the CLI's own, after imports made with the collector paused."""

from __future__ import annotations

import gc
import tomllib
from pathlib import Path

import bot.cli
from bot import launch


def test_the_command_is_the_launcher() -> None:
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["verksam"] == "bot.launch:main"


def test_launch_runs_the_cli_with_the_collector_on_and_the_imports_frozen(monkeypatch) -> None:
    seen = {}

    def cli_main() -> int:
        seen["enabled"] = gc.isenabled()
        seen["frozen"] = gc.get_freeze_count()
        return 7

    monkeypatch.setattr(bot.cli, "main", cli_main)
    try:
        assert launch.main() == 7
    finally:
        gc.unfreeze()
    assert seen["enabled"] is True
    assert seen["frozen"] > 0
