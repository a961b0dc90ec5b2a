"""Run the rules over a loaded workspace: collect every finding, then filter and sort.

    result = load_workspace(Path("."))
    report = lint_workspace(result, now=datetime(2026, 11, 23, tzinfo=UTC))
    report.diagnostics   # the loader's problems and every rule's findings, located

Nothing here prints or reads the clock; the same files and the same `now` give the
same report, byte for byte once rendered, whatever `jobs` is and whether the SQL cache
is used or not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from opsbook.diagnostics import Diagnostic, Severity, sorted_diagnostics
from opsbook.lint.context import LintContext, RuleContext
from opsbook.lint.loader_checks import LOADER_CHECKS
from opsbook.lint.rule import Rule
from opsbook.lint.rules import (
    RULES,
    UNUSED_SUPPRESSION,
    all_rules,
    read_only_validation,
    side_effect_functions,
    sql_not_a_statement,
    sql_syntax,
)
from opsbook.lint.selection import Selection, make_selection
from opsbook.lint.sql_batch import analyse_blocks
from opsbook.lint.sql_blocks import sql_blocks
from opsbook.lint.sql_cache import SqlCache
from opsbook.lint.suppression import Suppression, apply_suppressions, find_suppressions
from opsbook.loader import LoadResult
from opsbook.loader.workspace import Workspace


@dataclass(frozen=True)
class LintReport:
    """Every finding of one lint run, and the rules that could have produced them."""

    diagnostics: tuple[Diagnostic, ...]
    rules: tuple[Rule, ...]
    """Every selected rule and loader check, in code order (SARIF lists them)."""
    files: tuple[str, ...]
    """Every file read."""
    site_url: str | None = None
    """The workspace's site, where rule pages live (`opsbook.yaml` spec.site.url)."""

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def fails(self, threshold: Severity) -> bool:
        """Whether any finding is at or above `threshold`."""
        return any(d.severity >= threshold for d in self.diagnostics)


def lint_workspace(
    result: LoadResult,
    *,
    now: datetime,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    only: Sequence[Path] | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
) -> LintReport:
    """The loader's diagnostics plus every selected rule's findings, suppressions applied.

    `only` keeps the findings of those files or folders (the workspace is still read
    whole, so cross-file rules see everything). The SQL blocks are parsed over up to
    `jobs` processes, and their analyses kept in `cache_dir` (`.opsbook-cache`) for the
    next run when it is given. Raises UsageError for an unknown rule in `select`,
    `ignore` or `opsbook.yaml`'s `spec.lint`.
    """
    ws = result.workspace
    settings = ws.spec.lint
    selection = make_selection(
        cli_select=select,
        cli_ignore=ignore,
        config_select=settings.select,
        config_ignore=settings.ignore,
    )
    ctx = LintContext(ws, now)
    if any(selection.includes(code) for code in SQL_RULES):
        ctx.sql.update(
            analyse_blocks(
                ((b.sql, b.dialect) for b in sql_blocks(ws) if b.dialect_known),
                workers=jobs,
                cache=SqlCache(cache_dir) if cache_dir is not None else None,
            )
        )
    findings = [_with_rule(d, ctx) for d in result.diagnostics]
    for rule in RULES.values():
        if rule.check is not None and selection.includes(rule.code):
            findings.extend(rule.check(RuleContext(ctx, rule)))
    findings = [d for d in findings if selection.includes(d.code)]

    suppressions = [
        item for path, lines in _source_lines(ws) for item in find_suppressions(path, lines)
    ]
    entry_codes = _entry_codes()
    applied = apply_suppressions(findings, suppressions, entry_codes)
    findings = applied.kept
    if selection.includes(UNUSED_SUPPRESSION):
        findings.extend(_unused(ctx, suppressions, applied.used, entry_codes, selection))
    if only:
        findings = [d for d in findings if _inside(d.path, only)]
    rules = [r for r in all_rules() if selection.includes(r.code)]
    known = {r.code for r in rules}
    for d in findings:
        if d.code not in known:  # a loader code this version does not document
            known.add(d.code)
            rules.append(Rule(d.code, d.rule or d.code, d.severity, "", None))
    return LintReport(
        diagnostics=tuple(sorted_diagnostics(findings)),
        rules=tuple(sorted(rules, key=lambda r: r.code)),
        files=ws.files,
        site_url=ctx.site_url,
    )


SQL_RULES = tuple(
    m.RULE.code
    for m in (sql_syntax, read_only_validation, side_effect_functions, sql_not_a_statement)
)
"""The rules that read SQL analyses: their blocks are analysed before any rule runs."""


def _with_rule(diagnostic: Diagnostic, ctx: LintContext) -> Diagnostic:
    """A loader diagnostic with its documented name and page."""
    check = LOADER_CHECKS.get(diagnostic.code)
    return dataclasses.replace(
        diagnostic,
        rule=diagnostic.rule or (check.name if check else ""),
        url=diagnostic.url or ctx.url_for(diagnostic.code),
    )


def _source_lines(ws: Workspace) -> list[tuple[str, tuple[str, ...]]]:
    """Raw lines of every file read, for the suppression comments the loader drops."""
    lines: dict[str, tuple[str, ...]] = {}
    for source in ws.sources.values():
        lines.setdefault(source.path, source.source_lines)
    for path in ws.files:
        if path in lines:
            continue
        # Files whose documents all failed to load are not in `sources`; their
        # suppressions still count.
        try:
            lines[path] = tuple(Path(path).read_text(encoding="utf-8").splitlines())
        except (OSError, UnicodeDecodeError):
            continue
    return sorted(lines.items())


def _entry_codes() -> dict[str, str]:
    """Lower-cased code or name → code, for what a suppression comment may say."""
    out: dict[str, str] = {}
    for rule in all_rules():
        out[rule.code.lower()] = rule.code
        out[rule.name] = rule.code
    return out


def _unused(
    ctx: LintContext,
    suppressions: list[Suppression],
    used: set[tuple[int, str]],
    entry_codes: dict[str, str],
    selection: Selection,
) -> list[Diagnostic]:
    rule = RULES[UNUSED_SUPPRESSION]
    out: list[Diagnostic] = []

    def finding(item: Suppression, message: str) -> Diagnostic:
        return Diagnostic(
            path=item.path,
            span=item.span,
            code=rule.code,
            message=message,
            severity=rule.severity,
            rule=rule.name,
            url=ctx.url_for(rule.code),
        )

    for index, item in enumerate(suppressions):
        if not item.entries:
            out.append(finding(item, "suppression names no rule; expected disable=CODE[,CODE]"))
        if item.first_line == item.last_line:
            where = (
                "on this line"
                if item.first_line == item.span.line
                else f"on line {item.first_line}"
            )
        else:
            where = f"in lines {item.first_line}-{item.last_line}"
        for entry in item.entries:
            code = entry_codes.get(entry.lower())
            if code is None:
                out.append(
                    finding(item, f"suppression names unknown rule {entry!r}; see `opsbook rules`")
                )
            elif code == UNUSED_SUPPRESSION:
                out.append(
                    finding(item, f"{code} cannot be suppressed inline; use --ignore {code}")
                )
            elif selection.includes(code) and (index, code) not in used:
                out.append(
                    finding(
                        item,
                        f"unused suppression: no {code} finding {where}; remove {entry!r}",
                    )
                )
    return out


def _inside(path: str, roots: Sequence[Path]) -> bool:
    target = Path(path).resolve()
    for root in roots:
        base = root.resolve()
        if target == base or base in target.parents:
            return True
    return False
