"""`python -m bench core [--n N] [--json]`: how fast the bot turns updates into replies."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys

from bench import core

# Targets from the brief; reported, not asserted: a slow machine should not fail a build.
TARGETS = {"ratio": 0.33, "knack_p99_ms": 20.0, "peak_rss_mb": 150.0}


def table(result: dict, n: int) -> str:
    lines = [f"{n} updates each, sequential process_update, after {core.WARMUP} warm-up updates", ""]
    lines.append(f"{'run':<8}{'updates/s':>12}{'p50 ms':>10}{'p99 ms':>10}")
    for name in ("echo", "knack"):
        r = result[name]
        lines.append(f"{name:<8}{r['ups']:>12.0f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}")
    lines.append("")
    checks = [
        ("knack/echo ratio", result["ratio"], ">=", TARGETS["ratio"]),
        ("knack p99 ms", result["knack"]["p99_ms"], "<=", TARGETS["knack_p99_ms"]),
        ("peak RSS MB", result["peak_rss_mb"], "<=", TARGETS["peak_rss_mb"]),
    ]
    for label, value, op, target in checks:
        met = value >= target if op == ">=" else value <= target
        lines.append(f"{label:<18}{value:>10.2f}   target {op} {target:<6g} {'ok' if met else 'MISSED'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = parser.add_subparsers(dest="bench", required=True)
    core_parser = sub.add_parser("core", help="echo versus /knack through the full Application")
    core_parser.add_argument("--n", type=int, default=10_000, help="updates per run (default 10000)")
    core_parser.add_argument("--json", action="store_true", help="print exactly one JSON object")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    logging.basicConfig(level=logging.WARNING)  # alembic's INFO lines would spoil --json output
    result = asyncio.run(core.run(args.n))
    print(json.dumps(result) if args.json else table(result, args.n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
