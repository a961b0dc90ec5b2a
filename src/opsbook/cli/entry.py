"""Console-script entry point: `main(argv=None) -> int`.

Imports nothing heavy. `opsbook who` is tried first on a stdlib-only fast path served
from a cache; everything else (and `who` when the cache is stale) goes through click.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["who"]:
        import importlib.util

        # The fast path is served from a cache; when it cannot answer, click does.
        if importlib.util.find_spec("opsbook.cli.who_fast") is not None:
            import importlib

            fast = importlib.import_module("opsbook.cli.who_fast")
            answered: int | None = fast.try_answer(args[1:])
            if answered is not None:
                return answered
    from opsbook.cli.main import run

    code: int = run(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
