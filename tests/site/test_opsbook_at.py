"""The site reads `OPSBOOK_AT` as every command reads `--at` (`opsbook.instants`)."""

from __future__ import annotations

from pathlib import Path

from tests.site.conftest import copy_example, mkdocs_build


def test_an_instant_out_of_range_stops_the_build_with_the_commands_message(
    tmp_path: Path,
) -> None:
    ws = copy_example(tmp_path / "ws")
    result = mkdocs_build(ws / "mkdocs.yml", tmp_path / "site", at="0001-01-01T00:00Z")
    assert result.returncode == 1
    assert (
        "OPSBOOK_AT: expected an instant between 1900-01-01 and 8999-12-31; "
        "found '0001-01-01T00:00Z'"
    ) in result.stderr
    assert "Traceback" not in result.stderr
