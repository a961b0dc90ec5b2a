"""Reading back the results file `opsbook check --out` writes, for the site and for
`opsbook handoff`: validated against the published model, every problem named by its
key path, never half-read."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from opsbook.errors import InputError
from opsbook.models.check_results import CheckResults


def read_check_results(path: Path) -> CheckResults:
    """The results in `path`; InputError (with every problem) when the file is missing,
    is not JSON, or does not fit schemas/check-results.schema.json."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the check results: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}:{exc.lineno}:{exc.colno}: expected the JSON of `opsbook check --out`; "
            f"{exc.msg}"
        ) from None
    try:
        return CheckResults.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{path}: {'.'.join(str(p) for p in error['loc']) or '(top)'}: {error['msg']}; "
            f"found {_shown(error.get('input'))}"
            for error in exc.errors()
        ]
        raise InputError(
            "not the results of `opsbook check --out` "
            "(schemas/check-results.schema.json):\n" + "\n".join(problems)
        ) from None


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."
