"""``python -m commonsim.calibration``: run the search, or write/check docs/calibration.md."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from commonsim.calibration import load_record, record_source, search
from commonsim.calibration.report import render


def main(argv: list[str] | None = None) -> int:
    """Run the calibration search or regenerate its document; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m commonsim.calibration",
                                     description=__doc__)
    parser.add_argument("--search", action="store_true",
                        help="run the search and store its record in record.py")
    parser.add_argument("--points", type=int, default=120, help="Latin hypercube points")
    parser.add_argument("--local", type=int, default=100, help="Nelder-Mead evaluations per start")
    parser.add_argument("--workers", type=int, default=2, help="processes for the search")
    parser.add_argument("--starts", type=int, default=4, help="Nelder-Mead starting points")
    parser.add_argument("--write", type=Path, help="write the calibration document here")
    parser.add_argument("--check", type=Path,
                        help="exit 1 if this document differs from what --write would write")
    args = parser.parse_args(argv)
    if args.search:
        record = search(points=args.points, local_evaluations=args.local,
                        workers=args.workers, starts=args.starts)
        target = Path(__file__).with_name("record.py")
        target.write_text(record_source(record))
        print(json.dumps(record["chosen"], indent=2))
        print(f"loss at chosen values: {record['chosen_loss']:.6f}")
    if args.write or args.check:
        text = render(load_record())
        if args.write:
            args.write.parent.mkdir(parents=True, exist_ok=True)
            args.write.write_text(text)
        if args.check and args.check.read_text() != text:
            print(f"{args.check} is out of date: run python -m commonsim.calibration"
                  f" --write {args.check}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
