"""opsbook at organisation scale: every command as a whole process, beside a peer.

    .venv/bin/python benchmarks/run.py [--runs 5] [--quick] [--budget 540]
        [--markdown FILE] [--write] [--workdir DIR]
        [--members 200] [--rotations 20] [--runbooks 1000] [--years 3] [--seed 9]

`make bench` runs it. Setup (not timed): `make_org.py` writes the synthetic
organisation (200 members, 20 rotations, 1,000 runbooks, locks over 3 years) into a
scratch folder, with two copies (one for `who` with its cache, one that `plan`
rewrites), and the plain-Markdown twin of its site for the mkdocs peer.

Then every row's command and its peer run once as a warm-up, and again N times
(default 5), round robin, so a busy moment on the machine weighs on every figure
alike. Each run is a new process started with subprocess; its wall time is measured
around it and its peak RSS comes from os.wait4 on that one child. The table shows
medians, the ratio to the peer, the time per planned shift where it applies, and
whether the target of issue 9 is met.

The whole run must finish within --budget seconds (default 540, so `make bench` stays
under 10 minutes with `make`'s own start). When the warm-up shows that N runs of every
row would not fit, the most expensive rows get 3 runs, then 1, and the table says how
many each had. No figure comes from a timed test; all come from one run of this script.

--markdown FILE writes the table and the machine as Markdown; --write puts them into
BENCHMARKS.md between its `<!-- bench:begin -->` and `<!-- bench:end -->` markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import make_org

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

# As installed: Python caches bytecode, so a run does not recompile opsbook's modules
# (some sandboxes set PYTHONDONTWRITEBYTECODE, which would time the compiler instead).
# OPSBOOK_AT would override the site's `at`; mkdocs-material's notice is noise here.
ENV = {
    **{k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "OPSBOOK_AT")},
    "NO_MKDOCS_2_WARNING": "1",
}


class BenchError(Exception):
    """A command failed, or the workspace is not what the benchmark needs."""


# One measurement ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    seconds: float
    rss_mb: float


# Children are started by a small launcher process, not by this one: Linux carries a
# process's peak RSS across fork and exec, so a child of this interpreter (which has
# imported opsbook to render the plain site) would report at least this interpreter's
# size. The launcher is a bare `python -I -S` reading one JSON job per line; it forks,
# execs and wait4s each child, timing it from fork to exit. A child starts from the
# launcher's peak (VmHWM), so that is the floor of every figure; it is printed.
LAUNCHER = r"""
import json, os, sys, time
with open("/proc/self/status") as status:
    hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
print(json.dumps({"floor_kb": int(hwm[0]) if hwm else 0}), flush=True)
for line in sys.stdin:
    job = json.loads(line)
    began = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            if job["cwd"]:
                os.chdir(job["cwd"])
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            os.dup2(os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
            os.execve(job["argv"][0], job["argv"], job["env"])
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - began
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({"seconds": seconds, "rss_kb": usage.ru_maxrss, "code": code}), flush=True)
"""


class Launcher:
    """The process that starts, times and measures every child."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.floor_mb = self._read()["floor_kb"] / 1024

    def _read(self) -> dict[str, float]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise BenchError("the launcher process died")
        reply: dict[str, float] = json.loads(line)
        return reply

    def run(self, argv: Sequence[str], cwd: Path | None, stderr: Path) -> tuple[float, float, int]:
        """Seconds, peak RSS in MB and exit code of one run of `argv`."""
        assert self.process.stdin is not None
        job = {"argv": list(argv), "cwd": str(cwd) if cwd else None, "stderr": str(stderr)}
        self.process.stdin.write(json.dumps({**job, "env": ENV}) + "\n")
        self.process.stdin.flush()
        reply = self._read()
        return reply["seconds"], reply["rss_kb"] / 1024, int(reply["code"])

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait()


@dataclass
class Command:
    """What one measurement runs: one process, or a few in a row (times add up, the
    peak RSS is the largest of them), after `prepare` sets the files up (not timed)."""

    label: str
    argvs: tuple[tuple[str, ...], ...]
    prepare: Callable[[], None] = lambda: None
    cwd: Path | None = None

    def run(self, launcher: Launcher) -> Sample:
        self.prepare()
        total, peak = 0.0, 0.0
        for argv in self.argvs:
            with tempfile.NamedTemporaryFile(prefix="bench-stderr-") as err:
                seconds, rss, code = launcher.run(argv, self.cwd, Path(err.name))
                if code != 0:
                    tail = Path(err.name).read_text(errors="replace")[-4000:]
                    raise BenchError(f"{self.label}: {' '.join(argv[:6])} … exited {code}\n{tail}")
            total += seconds
            peak = max(peak, rss)
        return Sample(total, peak)


@dataclass(frozen=True)
class Target:
    """What issue 9 asks of a row."""

    kind: str  # "ratio": median / peer <= limit; "overhead": ratio - 1 < limit;
    # "seconds": median < limit
    limit: float

    def met(self, median: float, ratio: float | None) -> bool:
        if self.kind == "seconds":
            return median < self.limit
        if ratio is None:
            return False
        if self.kind == "ratio":
            return ratio <= self.limit
        return ratio - 1 < self.limit

    def describe(self) -> str:
        if self.kind == "seconds":
            return f"< {self.limit:g} s"
        if self.kind == "ratio":
            return f"<= {self.limit:g}x peer"
        return f"overhead < {self.limit * 100:.0f}%"


@dataclass
class Row:
    name: str
    command: Command
    peer: Command | None = None
    target: Target | None = None
    shifts: int | None = None
    """Shifts the command produces, for the time per shift."""
    runs: int = 0
    samples: list[Sample] = field(default_factory=list)
    peer_samples: list[Sample] = field(default_factory=list)
    warmup: float = 0.0

    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    def peer_median(self) -> float | None:
        return statistics.median(s.seconds for s in self.peer_samples) if self.peer else None

    def ratio(self) -> float | None:
        peer = self.peer_median()
        return self.median() / peer if peer else None


def allocate(costs: Sequence[float], runs: int, budget: float) -> list[int]:
    """Runs per row after its warm-up: `runs` each when that fits in `budget` seconds (a
    row's cost is one round of it, command and peer), else the costliest rows step down
    to 3, then 1 (odd counts keep the median a real run), then 0: the warm-up is then
    the row's only figure, and the table says so."""
    ladder = sorted({runs, min(runs, 3), 1, 0}, reverse=True)
    counts = [runs] * len(costs)
    while sum(c * n for c, n in zip(costs, counts, strict=True)) > budget:
        reducible = [i for i, n in enumerate(counts) if n > 0]
        if not reducible:
            break
        worst = max(reducible, key=lambda i: costs[i] * counts[i])
        counts[worst] = next(step for step in ladder if step < counts[worst])
    return counts


def measure(
    rows: Sequence[Row], runs: int, budget_left: Callable[[], float], launcher: Launcher
) -> None:
    """A warm-up of every row, then its runs, round robin."""
    warm: list[tuple[Sample, Sample | None]] = []
    for row in rows:
        began = time.perf_counter()
        warm.append((row.command.run(launcher), row.peer.run(launcher) if row.peer else None))
        row.warmup = time.perf_counter() - began
        print(f"  warm-up  {row.name:44} {row.warmup:7.2f} s", flush=True)
    counts = allocate([r.warmup for r in rows], runs, budget_left())
    for row, count, (sample, peer) in zip(rows, counts, warm, strict=True):
        row.runs = count
        if count == 0:  # out of budget: the warm-up is all there is
            row.samples.append(sample)
            if peer is not None:
                row.peer_samples.append(peer)
    for index in range(max(counts)):
        for row in rows:
            if index < row.runs:
                row.samples.append(row.command.run(launcher))
                if row.peer:
                    row.peer_samples.append(row.peer.run(launcher))
        print(f"  round {index + 1}/{max(counts)} done", flush=True)


# Setup ----------------------------------------------------------------------------------


@dataclass
class Org:
    """The generated workspace, its copies and what the rows need to know of it."""

    root: Path
    who_root: Path
    plan_root: Path
    locks: Path
    plain: Path
    at: datetime
    shifts: int
    first_day: str
    last_day: str
    runbook_files: list[str]


def set_up(work: Path, size: make_org.OrgSize, seed: int) -> Org:
    root = work / "org"
    at = make_org.generate(root, size, seed)
    locks = work / "locks"
    locks.mkdir()
    shifts = 0
    first: list[str] = []
    last: list[str] = []
    for lock in sorted((root / "rotation").glob("*.lock.yaml")):
        shutil.copy2(lock, locks / lock.name)
        planned = make_org.read_lock(lock)
        shifts += len(planned)
        first.append(str(planned[0].shift))
        last.append(str(planned[-1].end.date()))
    who_root, plan_root = work / "org-who", work / "org-plan"
    shutil.copytree(root, who_root, copy_function=shutil.copy2)
    shutil.copytree(root, plan_root, copy_function=shutil.copy2)
    runbook_files = sorted(
        str(p.relative_to(root))
        for p in (root / "runbooks").rglob("*.yaml")
        if p.parent.name != "escalation" and p.name != "ownership.yaml"
    )
    plain = work / "plain"
    write_plain_site(root, plain, at)
    return Org(
        root, who_root, plan_root, locks, plain, at, shifts, min(first), max(last), runbook_files
    )


def write_plain_site(org: Path, plain: Path, at: datetime) -> int:
    """The org's site as plain Markdown pages: what the opsbook plugin generates at build
    time (the same `site_pages` call as its on_files), rendered once and written into
    docs/, with the same theme, extensions and nav and no opsbook plugin. Returns the
    number of pages."""
    from ruamel.yaml import YAML

    from opsbook.loader import load_workspace
    from opsbook.site.pages import SiteOptions, site_pages

    config = YAML(typ="safe").load((org / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = config.get("plugins", [])
    options = next(p["opsbook"] for p in plugins if isinstance(p, dict) and "opsbook" in p)
    content = site_pages(
        load_workspace(org).workspace,
        at,
        SiteOptions(
            templates=org / options.get("templates", "site_templates"),
            prefix=options.get("prefix", ""),
            weeks=options.get("weeks", 12),
            calendars=options.get("calendars", True),
        ),
    )
    docs = plain / "docs"
    shutil.copytree(org / config.get("docs_dir", "docs"), docs)
    written = sorted(str(p.relative_to(docs)) for p in docs.rglob("*.md"))
    for page in content.pages:
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    for asset in content.assets:
        target = docs / asset.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset.content)
    config["plugins"] = [p for p in plugins if not (isinstance(p, dict) and "opsbook" in p)]
    config["docs_dir"] = "docs"
    # The nav the plugin builds when mkdocs.yml has none: generated sections, then the
    # hand-written pages; pages it keeps out of the nav stay out here too.
    config["nav"] = [*content.nav, *written]
    config["not_in_nav"] = "\n".join(f"/{p.src_uri}" for p in content.pages if not p.in_nav)
    (plain / "mkdocs.yml").write_text(json.dumps(config, indent=1), encoding="utf-8")
    return len(content.pages)


def restore_locks(org: Org) -> None:
    for lock in org.locks.iterdir():
        shutil.copy2(lock, org.plan_root / "rotation" / lock.name)


def remove_locks(org: Org) -> None:
    for lock in (org.plan_root / "rotation").glob("*.lock.yaml"):
        lock.unlink()


def warm_who_cache(org: Org, who: tuple[str, ...]) -> None:
    """Build the cache with one full `who`, then make sure the fast path answers."""
    subprocess.run(who, check=True, stdout=subprocess.DEVNULL, env=ENV)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom opsbook.cli import who_fast\n"
            "code = who_fast.try_answer(sys.argv[1:])\n"
            "raise SystemExit(0 if code == 0 else 1)",
            *who[2:],
        ],
        stdout=subprocess.DEVNULL,
        env=ENV,
        check=False,
    )
    if probe.returncode != 0:
        raise BenchError("the who fast path does not answer from the cache it just built")


def build_rows(org: Org, work: Path, size: make_org.OrgSize) -> list[Row]:
    opsbook = str(BIN / "opsbook")
    mkdocs = str(BIN / "mkdocs")
    at = org.at.isoformat()
    python_pass = Command("python -c pass", ((sys.executable, "-c", "pass"),))
    who_warm = (opsbook, "who", "--root", str(org.who_root), "--at", at)
    warm_who_cache(org, who_warm)
    cache = org.root / ".opsbook-cache" / "who.json"
    plan = (opsbook, "plan", "--root", str(org.plan_root), "--at", at)
    ical = (opsbook, "ical", "--root", str(org.root), "--at", at)
    site = (mkdocs, "build", "-q", "-f", str(org.root / "mkdocs.yml"), "-d", str(work / "site"))
    plain = (mkdocs, "build", "-q", "-f", str(org.plain / "mkdocs.yml"), "-d", str(work / "sp"))
    n = f"{size.runbooks:,}"
    return [
        Row(
            "opsbook who (warm cache)",
            Command("who", (who_warm,)),
            python_pass,
            Target("ratio", 3),
        ),
        Row(
            f"opsbook lint ({n} runbooks)",
            Command("lint", ((opsbook, "lint", "--root", str(org.root), "--at", at),)),
            Command(
                f"check-jsonschema, runbook schema ({len(org.runbook_files):,} files)",
                (
                    (
                        str(BIN / "check-jsonschema"),
                        "--schemafile",
                        "schemas/runbook.schema.json",
                        *org.runbook_files,
                    ),
                ),
                cwd=org.root,
            ),
            Target("ratio", 1),
        ),
        Row(
            f"mkdocs build, opsbook plugin ({n} runbooks)",
            Command("site", (site,)),
            Command("mkdocs build, same pages as plain Markdown", (plain,)),
            Target("overhead", 0.5),
        ),
        Row(
            f"opsbook plan, from scratch ({plural(size.years, 'year')})",
            Command("plan from scratch", (plan,), prepare=lambda: remove_locks(org)),
            # Issue 13: every rotation solved by CP-SAT with its proof, on 2 cores.
            target=Target("seconds", 10),
            shifts=org.shifts,
        ),
        Row(
            "opsbook plan, existing locks (CI)",
            Command("plan with locks", (plan,), prepare=lambda: restore_locks(org)),
            # Current locks are kept without solving (the solver is not even imported).
            target=Target("seconds", 2),
            shifts=org.shifts,
        ),
        Row(
            f"opsbook ical, {plural(size.years, 'year')} of feeds",
            Command(
                "ical",
                (
                    (
                        *ical,
                        "--out",
                        str(work / "ical-all"),
                        "--from",
                        org.first_day,
                        "--to",
                        org.last_day,
                    ),
                ),
            ),
            target=Target("seconds", 1),
            shifts=org.shifts,
        ),
        Row(
            "opsbook ical, default window",
            Command("ical window", ((*ical, "--out", str(work / "ical-window")),)),
        ),
        Row(
            "opsbook validate",
            Command("validate", ((opsbook, "validate", "--root", str(org.root)),)),
        ),
        Row(
            "opsbook who (no cache)",
            Command(
                "who cold",
                ((opsbook, "who", "--root", str(org.root), "--at", at),),
                prepare=lambda: cache.unlink(missing_ok=True),
            ),
        ),
    ]


# Report ---------------------------------------------------------------------------------


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def duration(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


HEADER = (
    "Measurement",
    "Median",
    "Peak RSS",
    "Peer",
    "Peer median",
    "Peer RSS",
    "Ratio",
    "Per shift",
    "Target",
    "Met",
    "Runs",
)


def cells(row: Row) -> tuple[str, ...]:
    median, ratio = row.median(), row.ratio()
    peer_median = row.peer_median()
    rss = max(s.rss_mb for s in row.samples)
    return (
        row.name,
        duration(median),
        f"{rss:.0f} MB",
        row.peer.label if row.peer else "—",
        duration(peer_median) if peer_median is not None else "—",
        f"{max(s.rss_mb for s in row.peer_samples):.0f} MB" if row.peer_samples else "—",
        f"{ratio:.2f}x" if ratio is not None else "—",
        f"{median / row.shifts * 1e6:.0f} µs" if row.shifts else "—",
        row.target.describe() if row.target else "—",
        ("yes" if row.target.met(median, ratio) else "NO") if row.target else "—",
        str(row.runs) if row.runs else "warm-up only",
    )


def text_table(rows: Sequence[Row]) -> str:
    table = [HEADER, *(cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    return "\n".join(
        "  ".join(value.ljust(width) for value, width in zip(line, widths, strict=True)).rstrip()
        for line in table
    )


def markdown_table(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(cells(r)) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration):
        memory = "?"
    commit = _git("rev-parse", "--short", "HEAD")
    if _git("status", "--porcelain", "--", "src"):
        commit += " + uncommitted changes in src/"
    from importlib.metadata import version

    packages = ", ".join(
        f"{name} {version(name)}"
        for name in ("opsbook", "pydantic", "mkdocs", "mkdocs-material", "check-jsonschema")
    )
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "Memory": memory,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "opsbook commit": commit,
        "Packages": packages,
    }


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else "unknown"


def report_markdown(rows: Sequence[Row], about: str, info: dict[str, str], total: str) -> str:
    lines = [about, "", markdown_table(rows), ""]
    lines += [f"- **{key}:** {value}" for key, value in info.items()]
    lines.append(f"- **Whole run (`make bench`):** {total}")
    return "\n".join(lines) + "\n"


def write_between_markers(path: Path, text: str) -> None:
    document = path.read_text(encoding="utf-8")
    if BEGIN not in document or END not in document:
        raise BenchError(f"{path} has no {BEGIN} … {END} markers")
    head, rest = document.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{text}{END}{tail}", encoding="utf-8")


# Main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per row after the warm-up")
    parser.add_argument("--quick", action="store_true", help="3 runs per row")
    parser.add_argument("--budget", type=float, default=540, help="seconds for the whole run")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md's table")
    parser.add_argument("--workdir", type=Path, help="keep the generated files here")
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--rotations", type=int, default=20)
    parser.add_argument("--runbooks", type=int, default=1000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    size = make_org.OrgSize(args.members, args.rotations, args.runbooks, args.years)
    load_before = os.getloadavg()[0]
    began = time.perf_counter()
    scratch = None
    if args.workdir is None:
        scratch = tempfile.TemporaryDirectory(prefix="opsbook-bench-")
        work = Path(scratch.name)
    else:
        work = args.workdir
        if work.exists() and any(work.iterdir()):
            print(f"{work} is not empty", file=sys.stderr)
            return 2
        work.mkdir(parents=True, exist_ok=True)
    launcher = Launcher()
    try:
        print(f"setting up in {work} …", flush=True)
        org = set_up(work, size, args.seed)
        rows = build_rows(org, work, size)
        setup = time.perf_counter() - began
        print(f"setup {setup:.0f} s; at {org.at.isoformat()}; {org.shifts} shifts", flush=True)
        # A few seconds are kept for the report and for removing the scratch folder.
        measure(rows, runs, lambda: args.budget - (time.perf_counter() - began) - 15, launcher)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    finally:
        launcher.close()
        if scratch is not None:
            scratch.cleanup()
    total = time.perf_counter() - began
    minutes, seconds = divmod(round(total), 60)
    spent = f"{minutes} min {seconds} s (setup {setup:.0f} s)"
    about = (
        f"{size.members} members, {size.rotations} rotations, {size.runbooks:,} runbooks, "
        f"locks over {plural(size.years, 'year')} ({org.shifts:,} shifts), seed {args.seed}, "
        f"at {org.at.isoformat()}; each row: 1 warm-up, then the median of the runs shown."
    )
    info = machine()
    # Other work on the machine slows every row; the load average says how busy it was.
    info["Load average (1 min)"] = (
        f"{load_before:.2f} before the run, {os.getloadavg()[0]:.2f} after"
    )
    info["RSS floor"] = (
        f"{launcher.floor_mb:.0f} MB (the launcher's own size; see the note in BENCHMARKS.md)"
    )
    print()
    print(about)
    print(text_table(rows))
    print()
    for key, value in info.items():
        print(f"{key}: {value}")
    print(f"whole run: {spent}")
    report = report_markdown(rows, about, info, spent)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")
    if args.write:
        write_between_markers(REPO / "BENCHMARKS.md", report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
