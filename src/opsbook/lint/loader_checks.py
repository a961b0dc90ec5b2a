"""The loader's own checks, documented like rules so every finding has a page.

`opsbook lint` reports the loader's diagnostics (unreadable files, YAML syntax, schema,
dangling references) beside the rules' findings. They have no `check()` here: the loader
finds them while reading. Their codes are stable and can be selected, ignored and
suppressed like any rule's.
"""

from __future__ import annotations

import inspect

from opsbook.diagnostics import Severity
from opsbook.lint.rule import Rule

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
}

LOADER_CHECKS: dict[str, Rule] = {
    code: Rule(code=code, name=name, severity=Severity.ERROR, doc=inspect.cleandoc(doc), check=None)
    for code, (name, doc) in _DOCS.items()
}
"""The loader's checks by code, in code order."""
