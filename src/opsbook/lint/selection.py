"""Which rules run: `--select`/`--ignore` and `spec.lint` of `opsbook.yaml`.

Entries are codes (`OB101`), code prefixes (`OB13` for every SQL rule) or names
(`tier-completeness`). The command line's `--select` replaces the file's `select`;
`--ignore` adds to the file's `ignore`. An entry that names nothing is a usage error,
so a typo never silently turns a rule off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from opsbook.errors import UsageError
from opsbook.lint.rules import all_rules


@dataclass(frozen=True)
class Selection:
    """The codes that are reported."""

    select: frozenset[str] | None
    """Only these; None means every code."""
    ignore: frozenset[str]

    def includes(self, code: str) -> bool:
        if code in self.ignore:
            return False
        return self.select is None or code in self.select


def resolve(entries: Iterable[str], origin: str) -> frozenset[str]:
    """Codes named by `entries`; raises UsageError naming `origin` for an unknown one."""
    rules = all_rules()
    codes: set[str] = set()
    for raw in entries:
        for entry in (e.strip() for e in raw.split(",")):
            if not entry:
                continue
            found = {
                r.code for r in rules if r.code.startswith(entry.upper()) or r.name == entry.lower()
            }
            if not found:
                raise UsageError(
                    f"{origin}: unknown rule {entry!r}; expected a code (OB101), a code "
                    "prefix (OB1) or a name (tier-completeness); see `opsbook rules`"
                )
            codes |= found
    return frozenset(codes)


def make_selection(
    *,
    cli_select: Iterable[str] = (),
    cli_ignore: Iterable[str] = (),
    config_select: Iterable[str] = (),
    config_ignore: Iterable[str] = (),
) -> Selection:
    """Combine the command line with the workspace's `spec.lint` settings."""
    cli_select = tuple(cli_select)
    config_select = tuple(config_select)
    if cli_select:
        select: frozenset[str] | None = resolve(cli_select, "--select")
    elif config_select:
        select = resolve(config_select, "opsbook.yaml spec.lint.select")
    else:
        select = None
    ignore = resolve(cli_ignore, "--ignore") | resolve(
        config_ignore, "opsbook.yaml spec.lint.ignore"
    )
    return Selection(select=select, ignore=ignore)
