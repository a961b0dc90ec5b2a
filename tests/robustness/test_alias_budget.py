"""The alias budget counts only values reached through aliases.

A 1.78 MB runbook with 17,000 plain entries and no anchor was refused as an "alias
bomb" because every value counted; billion laughs must still be refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from opsbook.yamlio.document import MAX_FILE_BYTES, MAX_NODES
from opsbook.yamlio.read import parse_yaml_text, read_yaml_file

HEAD = """\
apiVersion: opsbook/v1
kind: Runbook
metadata:
  name: big
spec:
  tier: internal
  failure_modes:
"""


def big_runbook(entries: int = 17_000) -> str:
    """17,000 failure modes of four keys each: about 150,000 values, none via an alias."""
    entry = (
        "    - {{failure: Partition {:05d} late, symptom: rows missing, "
        "cause: upstream export stalled, risk: stale}}\n"
    )
    return HEAD + "".join(entry.format(i) for i in range(entries))


@pytest.mark.parametrize("anchor", [False, True], ids=["plain", "one-alias"])
def test_a_big_plain_runbook_loads(anchor: bool) -> None:
    # With an alias in the file, the nodes are composed and converted one by one (the
    # path that counted every value before).
    text = big_runbook()
    if anchor:
        text = text.replace("  tier: internal\n", "  tier: &t internal\n  owner_tier: *t\n")
    assert 1_700_000 < len(text.encode()) < MAX_FILE_BYTES
    parsed = parse_yaml_text(text, "runbooks/big.yaml")
    assert parsed.diagnostics == []
    assert len(parsed.documents[0].data["spec"]["failure_modes"]) == 17_000


def test_a_big_plain_file_with_one_small_alias_loads(tmp_path: Path) -> None:
    # More plain values than the whole budget, and an anchor used twice: only the two
    # expansions of the anchor (two values each) count.
    values = ", ".join("1" for _ in range(MAX_NODES + 5_000))
    path = tmp_path / "many.yaml"
    path.write_text(f"a: &x [1]\nb: *x\nc: *x\nd: [{values}]\n", encoding="utf-8")
    parsed = read_yaml_file(path)
    assert parsed.diagnostics == []
    assert parsed.documents[0].data["c"] == [1]
    assert len(parsed.documents[0].data["d"]) == MAX_NODES + 5_000


def test_billion_laughs_is_still_refused() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    parsed = parse_yaml_text("\n".join(lines) + "\n", "lol.yaml")
    assert [d.code for d in parsed.diagnostics] == ["OB003"]
    assert "through aliases" in parsed.diagnostics[0].message
