"""The benchmarks run and measure what they say (small sizes; the figures themselves are in the README)."""

from __future__ import annotations

import json

from bench.__main__ import main


def test_bench_clock_sends_each_due_case_once_and_builds_the_digest(capsys):
    assert main(["clock", "--cases", "300", "--due", "30", "--entries", "3000", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    sweep, digest = result["sweep"], result["digest"]
    assert sweep["sent"] == 30 and sweep["each_due_case_once"] is True
    assert sweep["send_ratio"] > 0 and sweep["claim_ms_p50"] > 0
    assert digest["entries"] == 3000 and digest["goals"] == 50 and digest["digest_lines"] > 50


def test_bench_core_counts_every_update(capsys):
    assert main(["core", "--n", "50", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["echo"]["ups"] > 0 and result["knack"]["ups"] > 0


def test_bench_backup_round_trips_the_counts(capsys):
    assert main(["backup", "--entries", "2000", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["entries"] == 2000 and result["new_members"] == 200 and result["counts_match"] is True
    assert result["backup_mb"] > 0 and result["backup_s"] > 0
