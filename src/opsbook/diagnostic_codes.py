"""Every diagnostic code the loader and the schedule report, with its documentation.

One registry, so that a code's name and page are declared once: the YAML reader, the
loader, the reference checker and the effective schedule take their codes from here,
and lint lists them beside its rules (`opsbook rules OB040`), each with a page on the
site. Lint rules (OB1xx) are declared in their own modules (`opsbook.lint.rules`).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from opsbook.diagnostics import Diagnostic, Severity, Span

UNREADABLE = "OB001"
YAML_SYNTAX = "OB002"
UNSAFE_YAML = "OB003"
DUPLICATE_KEY = "OB004"
EMPTY_DOCUMENT = "OB005"
CONTROL_CHARACTER = "OB006"
LINK_OUTSIDE_WORKSPACE = "OB007"
API_VERSION = "OB010"
UNKNOWN_KIND = "OB011"
SCHEMA = "OB012"
DUPLICATE_NAME = "OB013"
NOT_A_MAPPING = "OB014"
DANGLING_REFERENCE = "OB020"
OVERRIDE_SHORT_REST = "OB024"
SWAP_MISMATCH = "OB040"
COVER_MISMATCH = "OB041"
OVERRIDE_TIME_OFF = "OB042"
OVERRIDE_TWO_ROLES = "OB043"


@dataclass(frozen=True)
class DiagnosticCode:
    """One code: stable id, kebab name, and its documentation page."""

    code: str
    name: str
    doc: str
    """Summary line, then Markdown (why it matters, a failing example)."""


_DOCS: dict[str, tuple[str, str]] = {
    "OB001": (
        "unreadable-file",
        """A workspace file can be read: it exists, is UTF-8 and is not huge.

        ## Why it matters

        A file that cannot be read hides every document in it. Workspace files are
        hand-written YAML; anything over 2 MiB is refused as a mistake or an attack, and a
        byte that is not UTF-8 is reported where it is.
        """,
    ),
    "OB002": (
        "yaml-syntax",
        """A file is valid YAML.

        ## Why it matters

        A syntax error (a tab used for indentation, an unclosed quote or bracket, a key
        without a value) stops the whole file from loading. The finding points at the line
        and column where the YAML parser gave up.

        ## Fails

        ```yaml
        spec:
          members: [alice, bob
        ```
        """,
    ),
    "OB003": (
        "unsafe-yaml",
        """A file holds plain YAML values only.

        ## Why it matters

        Tags such as `!!python/object` can make a YAML loader run code, and aliases can
        expand a small file into billions of values. opsbook never constructs tagged
        values, refuses recursive aliases and caps how far aliases may expand.
        """,
    ),
    "OB004": (
        "duplicate-key",
        """A mapping names each key once.

        ## Why it matters

        With a duplicate key one of the two values silently wins, so a reviewer reading
        the first one is misled. Every duplicate is reported, with the line of the first.

        ## Fails

        ```yaml
        spec:
          tier: investor
          tier: internal
        ```
        """,
    ),
    "OB005": (
        "empty-document",
        """A workspace file holds at least one document.

        ## Why it matters

        An empty file (or one with only comments) under `runbooks/` or `rotation/` is
        usually a file whose content was lost in a merge.
        """,
    ),
    "OB006": (
        "control-character",
        """Strings hold no control characters (tab and newline are fine).

        ## Why it matters

        A name with terminal escapes (`"Bob \\e]0;TITLE\\a\\e[2J"`) clears the screen or
        retitles the window of whoever runs `opsbook who`, and NUL or ESC bytes in a
        calendar break RFC 5545. No hand-written text needs C0 controls (other than tab
        and newline), DEL or C1 controls, so they are refused where they are written,
        shown escaped. opsbook escapes them in its output too, whatever the source.

        ## Fails

        ```yaml
        members:
          - {id: bob, name: "Bob \\e[2JSmith"}
        ```

        ## Passes

        ```yaml
        members:
          - {id: bob, name: Bob Smith}
        ```
        """,
    ),
    "OB007": (
        "link-outside-workspace",
        """Workspace files are inside the workspace: a link leading out is not followed.

        ## Why it matters

        A symbolic link such as `runbooks/p.yaml -> /etc/passwd` would have opsbook read a
        file from elsewhere on the machine, echo its content in an error and publish it
        on the site. Links that stay inside the workspace folder are followed; a link
        that leaves it is reported where it is and never read.

        ## Fails

        ```
        ln -s /etc/passwd runbooks/p.yaml
        ```
        """,
    ),
    "OB010": (
        "api-version",
        """Each document declares a supported `apiVersion`.

        ## Why it matters

        `apiVersion` selects the models a document is read with; without it, or with an
        unknown one, the document cannot be understood. The finding lists the supported
        versions; `opsbook migrate` upgrades older ones.

        ## Fails

        ```yaml
        apiVersion: opsbook/v0
        kind: Runbook
        ```

        ## Passes

        ```yaml
        apiVersion: opsbook/v1
        kind: Runbook
        ```
        """,
    ),
    "OB011": (
        "unknown-kind",
        """Each document declares a `kind` its apiVersion knows.

        ## Why it matters

        The kind decides which fields a document has. The finding lists the kinds of the
        document's apiVersion (Team, Rotation, TimeOff, Overrides, OwnershipMatrix,
        EscalationPolicy, Runbook, Workspace, RotationLock).

        ## Fails

        ```yaml
        apiVersion: opsbook/v1
        kind: RunBook
        ```
        """,
    ),
    "OB012": (
        "schema",
        """Each document matches the schema of its kind.

        ## Why it matters

        Unknown keys are errors, so a typo never silently drops a field; wrong types,
        missing required keys, bad durations, time zones and holiday countries are all
        reported at once, each at its line with the key path, what was expected and what
        was found.

        ## Fails

        ```yaml
        spec:
          tier: investor
          purpse: Daily profit     # unknown key 'purpse' (did you mean 'purpose'?)
        ```
        """,
    ),
    "OB013": (
        "duplicate-name",
        """Document names are unique per kind.

        ## Why it matters

        Other files refer to documents by `metadata.name`; two runbooks or two policies
        with one name make every reference ambiguous.
        """,
    ),
    "OB014": (
        "not-a-mapping",
        """Each document is a mapping with apiVersion, kind, metadata and spec.

        ## Why it matters

        A document that is a list or a bare value cannot be any kind of opsbook document.
        """,
    ),
    "OB020": (
        "dangling-reference",
        """Every reference names something that exists.

        ## Why it matters

        A runbook's escalation policy, an ownership entry's runbook and owners, a
        rotation's team and members, an escalation target (`member:`, `contact:`,
        `oncall:<rotation>/<role>`), a time-off entry's member: a name that points at
        nothing breaks escalation at the moment it is needed. The finding sits on the
        reference and suggests the closest existing name.

        ## Fails

        ```yaml
        spec:
          escalation: investor-critcal   # did you mean 'investor-critical'?
        ```
        """,
    ),
    "OB024": (
        "override-short-rest",
        """A swap or cover keeps the rest the plan keeps between two shifts of one person.

        Only `opsbook swap` and `opsbook cover` report it, when they refuse a change.

        ## Why it matters

        `min_rest` is the number of shifts between two shifts of one member; the planner
        keeps it wherever the team is large enough. A swap or cover written without
        looking can put someone on call two weeks running. The refusal names both shifts
        and the rest left between them; `--allow-short-rest` records the exception in
        the Overrides entry (`allow_short_rest: true`), so the review sees it.
        """,
    ),
    "OB040": (
        "swap-mismatch",
        """A swap matches the planned schedule it was written against.

        ## Why it matters

        A swap exchanges two planned shifts of one role between the two members who held
        them when it was written. When `opsbook plan` later moves either shift (time off
        was added, someone left), the swap no longer describes what it meant, and
        applying it would hand someone a shift they never agreed to. It is reported where
        it is written and not applied; `opsbook who` and `opsbook schedule` say so.
        Record a new swap against the current lock (`opsbook swap`), or delete this one.

        ## Fails

        ```yaml
        swaps:   # bob no longer holds primary on 2026-12-21 after a re-plan
          - {role: primary, shifts: [2026-12-21, 2026-12-28], members: [bob, carol]}
        ```
        """,
    ),
    "OB041": (
        "cover-mismatch",
        """A cover replaces someone who really holds the role at that time.

        ## Why it matters

        A cover names whom it replaces (`replaces:`, recorded by `opsbook cover`). When a
        re-plan moves that person off the shift, applying the cover would silently cover
        someone else; a cover that ends before it starts, or names a role the rotation
        does not have, cannot be applied at all. It is reported and not applied.

        ## Fails

        ```yaml
        covers:
          - {role: primary, start: "2026-11-27T09:00", end: "2026-11-26T09:00", member: dave}
        ```
        """,
    ),
    "OB042": (
        "override-time-off",
        """A swap or cover never puts someone on call during their own time off.

        ## Why it matters

        The planner keeps people off call while they are away; a swap or cover written
        by hand (or before the time off was booked) can undo that. The responder would be
        on holiday with the pager. `opsbook swap` and `opsbook cover` refuse such an
        entry; this finding catches one that got into the file another way.
        """,
    ),
    "OB043": (
        "override-two-roles",
        """A swap or cover never makes one person hold two roles at once.

        ## Why it matters

        The secondary exists to back the primary up. A person who is both has nobody
        behind them, so the rotation silently loses its second responder. The entry is
        reported where it is written.
        """,
    ),
}


CODES: dict[str, DiagnosticCode] = {
    code: DiagnosticCode(code, name, inspect.cleandoc(doc)) for code, (name, doc) in _DOCS.items()
}
"""Every loader and schedule code, in code order."""


def problem(path: str, span: Span, code: str, message: str, key_path: str = "") -> Diagnostic:
    """A loader or schedule finding: always an error, named by its code's entry."""
    return Diagnostic(
        path=path,
        span=span,
        code=code,
        message=message,
        severity=Severity.ERROR,
        key_path=key_path,
        rule=CODES[code].name,
    )
