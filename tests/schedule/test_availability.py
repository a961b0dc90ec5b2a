"""Holiday names do not depend on the machine's locale (pages and feeds are byte-identical)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SCRIPT = (
    "from datetime import date\n"
    "from opsbook.schedule.availability import public_holidays\n"
    "print(public_holidays('FR', None, 2026)[date(2026, 1, 1)])\n"
    "print(public_holidays('DE', 'BE', 2026)[date(2026, 4, 3)])\n"
)


@pytest.mark.parametrize("lang", ["C", "C.UTF-8", "fr_FR.UTF-8", "de_DE.UTF-8"])
def test_holiday_names_are_english_in_every_locale(lang: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env["LANG"] = lang
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == ["New Year's Day", "Good Friday"]
