"""`verksam plan import` and `verksam export` as a board's secretary runs them."""

from __future__ import annotations

import asyncio
import csv
import json
from datetime import UTC, datetime
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from storage import migrate, orgs
from storage.database import Database

PLANS = Path(__file__).parent / "fixtures" / "plans"
KEYS = {
    "kind", "metric", "target", "unit", "window_days", "period_start", "period_end",
    "deadline", "area", "responsible", "text",
}  # fmt: skip


@pytest.fixture
def database_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'verksam.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VERKSAM_KEY_FILE", str(tmp_path / "data.key"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return url


def create_org(url: str) -> int:
    migrate.upgrade(url)

    async def create() -> int:
        db = Database(url)
        try:
            return await orgs.create_org(db, "Partille AK", ["Ektorp"], "Europe/Stockholm", datetime.now(UTC))
        finally:
            await db.dispose()

    return asyncio.run(create())


ORIGINALS = [PLANS / f"{stem}.txt" for stem in ("gislaved-2023-2024", "norrkoping-2020", "partille-2022")]


@pytest.mark.parametrize("plan", ORIGINALS, ids=lambda p: p.stem)  # the corpus is scored in bench/plans.py
def test_dry_run_json_is_one_array_of_goals_in_the_documented_shape(plan, database_url, capsys):
    assert main(["plan", "import", str(plan), "--dry-run", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    expected = json.loads((PLANS / f"{plan.stem}.expected.json").read_text(encoding="utf-8"))
    assert [(g["kind"], g["metric"], g["target"]) for g in found] == [
        (g["kind"], g["metric"], g["target"]) for g in expected
    ]
    for goal in found:
        assert set(goal) == KEYS
        assert goal["kind"] in {"count", "cadence", "level", "sla", "milestone"}
        assert goal["unit"] in {"count", "percent", "days"}
        assert datetime.strptime(goal["period_start"], "%Y-%m-%d") <= datetime.strptime(goal["period_end"], "%Y-%m-%d")
        assert goal["text"]
        assert (goal["metric"] is None) == (goal["kind"] == "milestone")


def test_partilles_evaluation_of_2021_is_not_read_as_goals(database_url, capsys):
    main(["plan", "import", str(PLANS / "partille-2022.txt"), "--dry-run", "--json"])
    found = json.loads(capsys.readouterr().out)
    assert {g["period_start"][:4] for g in found} == {"2022"}


def test_import_saves_then_export_writes_xlsx_and_csv(database_url, tmp_path, capsys):
    org = create_org(database_url)
    assert main(["plan", "import", str(PLANS / "partille-2022.txt"), "--org", str(org)]) == 0
    assert "Saved 26 goals" in capsys.readouterr().out

    xlsx = tmp_path / "utv.xlsx"
    assert main(["export", "--org", str(org), "--year", "2022", "--format", "xlsx", "--output", str(xlsx)]) == 0
    sheet = load_workbook(BytesIO(xlsx.read_bytes())).active
    texts = [row[1] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert len(texts) == 26
    assert any("42 nya medlemmar" in text for text in texts)

    output = tmp_path / "utv.csv"
    assert main(["export", "--org", str(org), "--year", "2022", "--format", "csv", "--output", str(output)]) == 0
    rows = list(csv.reader(StringIO(output.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Område", "Mål", "Målvärde", "Resultat", "Pil"]
    assert len(rows) == 27
    assert {row[4] for row in rows[1:]} <= {"↑", "→", "↓"}


def test_import_refuses_unknown_files_and_organisations(database_url, tmp_path, capsys):
    binary = tmp_path / "plan.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    assert main(["plan", "import", str(binary), "--dry-run"]) == 1
    assert "Cannot read a plan" in capsys.readouterr().err
    create_org(database_url)
    assert main(["plan", "import", str(PLANS / "norrkoping-2020.txt"), "--org", "99"]) == 1
    assert "no organisation 99" in capsys.readouterr().err
    assert main(["export", "--org", "99", "--year", "2022"]) == 1
