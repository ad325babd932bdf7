"""The benchmarks run and measure what they say (small sizes; the figures themselves are in the README)."""

from __future__ import annotations

import json
import math

from bench import core, loopback
from bench.__main__ import main
from handlers.gate import FLOOD_LIMIT, FLOOD_WINDOW


def test_bench_clock_sends_each_due_case_once_and_builds_the_digest(capsys):
    assert main(["clock", "--cases", "300", "--due", "30", "--entries", "3000", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    sweep, digest = result["sweep"], result["digest"]
    assert sweep["sent"] == 30 and sweep["each_due_case_once"] is True
    assert sweep["send_ratio"] > 0 and sweep["claim_ms_p50"] > 0
    assert digest["entries"] == 3000 and digest["goals"] == 50 and digest["digest_lines"] > 50


def test_bench_core_counts_every_update(capsys):
    assert main(["core", "--n", "50", "--rounds", "2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["echo"]["ups"] > 0 and result["knack"]["ups"] > 0
    assert result["flood_gate"] == {"limit": FLOOD_LIMIT, "window_s": FLOOD_WINDOW, "slowed": 0}
    loop = result["loopback"]
    assert loop["users"] == 50 and loop["updates"] == 50 and loop["echo_ups"] > 0 and loop["knack_ups"] > 0
    assert loop["rounds"] == 2 and loop["ratio_min"] <= loop["ratio"] <= loop["ratio_max"]
    assert result["startup"]["first_get_updates_s"] > 0


def test_bench_core_never_meets_the_flood_gate_however_fast_the_machine():
    """Each volunteer sends at most what the gate lets through at once (their /start included), so
    a run cannot be slowed even if every update were written in the same second."""
    for n in (50, 500, 10_000, 100_000):
        users = core.users_for(n)
        assert 1 + math.ceil((core.WARMUP + n) / users) <= FLOOD_LIMIT
    # Through the loopback server: the /start and every round, the warm-up included.
    assert 1 + (loopback.MAX_ROUNDS + 1) * loopback.PER_USER <= FLOOD_LIMIT


def test_bench_backup_round_trips_the_counts(capsys):
    assert main(["backup", "--entries", "2000", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["entries"] == 2000 and result["new_members"] == 200 and result["counts_match"] is True
    assert result["backup_mb"] > 0 and result["backup_s"] > 0


def test_bench_district_times_the_overview_and_the_digest(capsys):
    assert main(["district", "--branches", "3", "--goals", "12", "--entries", "5000", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)["sqlite"]
    assert result["branches"] == 3 and result["goals_per_branch"] == 12 and result["entries"] == 5000
    assert result["distrikt_ms_p50"] > 0 and result["digest_ms_p50"] > 0 and result["distrikt_lines"] > 5
