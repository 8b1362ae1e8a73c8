"""Measure `timon build` and `timon check` as whole processes and write BENCHMARKS.md.

For each N (100, 1,000 and 10,000 apps; 50,000 too with ``--large``) the script generates the
workload of ``bench/generate.py`` under ``target/bench/nN/`` and times four commands:

- ``build-files``:  ``timon build DIR/timon --env prd -o DIR/out`` (writes 4N+4 files)
- ``build-stream``: ``timon build DIR/timon --env prd -o -`` (stdout to /dev/null)
- ``check-timon``:  ``timon check DIR/timon``
- ``check-yaml``:   ``timon check DIR/yaml``

Each command runs once to warm the page cache, then five times (three for N >= 50,000); the
table gives the median wall time, the fastest and slowest run, and the largest peak RSS of the
child (``ru_maxrss`` from ``os.wait4``). A run that takes longer than ``--timeout`` seconds is
killed and reported as such; a warm-up slower than 10 s is followed by a single measured run,
so that a slow case cannot hold the machine for an hour.

Every run's figures are kept in ``target/bench/results.json``. The table replaces what lies
between ``<!-- BEGIN GENERATED -->`` and ``<!-- END GENERATED -->`` in BENCHMARKS.md. With
``--stages`` the script also runs the criterion benches (``cargo bench --bench stages --
--quick``) and writes their medians between ``<!-- BEGIN GENERATED STAGES -->`` and
``<!-- END GENERATED STAGES -->``.

Usage: ``python3 bench/run.py [--large] [--stages | --only-stages] [--apps 100 1000]
[--timeout 180] [--no-build] [--dry-run] [--render]``

Timings are never asserted anywhere; this script only reports them.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.dont_write_bytecode = True  # no __pycache__ beside the sources
import generate  # noqa: E402  (the sibling module, found through the path set just above)

BENCH_DIR = ROOT / "target" / "bench"
DOCUMENT = ROOT / "BENCHMARKS.md"
BEGIN, END = "<!-- BEGIN GENERATED -->", "<!-- END GENERATED -->"
BEGIN_STAGES, END_STAGES = "<!-- BEGIN GENERATED STAGES -->", "<!-- END GENERATED STAGES -->"
CASES = ("build-files", "build-stream", "check-timon", "check-yaml")
SLOW_WARM_UP = 10.0  # seconds: beyond this, one measured run only
MIB = 1024 * 1024

# The YAML side's equivalent of the timon project's `source external` secret: the database
# secret is created out of band, so `reference-undefined` (informational) is switched off.
YAML_CONFIG = """\
# The secret sec-prd-appdb is created out of band (`source external` in the timon project).
[lint]
reference-undefined = "off"

[traefik]
version = "3.1"
"""


@dataclass
class Run:
    """One child process: wall seconds, peak RSS in bytes, whether it was killed."""

    seconds: float
    peak_rss: int
    timed_out: bool = False


@dataclass
class Result:
    """All measured runs of one command for one N."""

    case: str
    apps: int
    runs: list[Run] = field(default_factory=list)
    timeout: float = 0.0

    @property
    def timed_out(self) -> bool:
        return any(run.timed_out for run in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(run.peak_rss for run in self.runs) / MIB


def measure(command: list[str], timeout: float) -> Run:
    """Runs `command` once, its standard output to /dev/null: wall time from before the fork to
    the child's exit, peak RSS from the child's rusage. Killed past `timeout` seconds."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT)
        # A pidfd becomes readable when the child exits: wait on it with a timeout, without
        # polling, and without any risk of signalling a recycled process id.
        pidfd = os.pidfd_open(child.pid)
        try:
            exited, _, _ = select.select([pidfd], [], [], timeout)
            if not exited:
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            os.close(pidfd)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if exited and child.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-3000:]
            raise SystemExit(f"`{' '.join(command)}` failed ({child.returncode}):\n{tail}")
    # ru_maxrss is in KiB on Linux.
    return Run(seconds=seconds, peak_rss=usage.ru_maxrss * 1024, timed_out=not exited)


def command_for(case: str, binary: Path, folder: Path) -> list[str]:
    """The command line of a case."""
    timon, yaml = str(folder / "timon"), str(folder / "yaml")
    return {
        "build-files": [str(binary), "build", timon, "--env", "prd", "-o", str(folder / "out")],
        "build-stream": [str(binary), "build", timon, "--env", "prd", "-o", "-"],
        "check-timon": [str(binary), "check", timon],
        "check-yaml": [str(binary), "check", yaml],
    }[case]


def bench_case(case: str, apps: int, binary: Path, folder: Path, timeout: float) -> Result:
    command = command_for(case, binary, folder)
    result = Result(case=case, apps=apps, timeout=timeout)
    warm_up = measure(command, timeout)
    if warm_up.timed_out:
        # Nothing more to learn from another run that would be killed too.
        result.runs.append(warm_up)
        return result
    runs = 3 if apps >= 50_000 else 5
    if warm_up.seconds > SLOW_WARM_UP:
        runs = 1
    for _ in range(runs):
        result.runs.append(measure(command, timeout))
    return result


def prepare(apps: int) -> Path:
    """Generates the workload for `apps` apps in its own git work tree.

    `timon check` lists a folder with `git ls-files` when it lies in a work tree, leaving
    ignored files out; `target/` is ignored by this repository, so without a work tree of its
    own the workload would be invisible. A team's repository is a work tree too, so the `git`
    call that `check` makes is part of what is measured. The files stay untracked."""
    folder = BENCH_DIR / f"n{apps}"
    generate.generate(apps, folder)
    (folder / "yaml" / "timon.toml").write_text(YAML_CONFIG)
    if not (folder / ".git").exists():
        subprocess.run(["git", "init", "--quiet", str(folder)], check=True)
    return folder


def build_binary() -> Path:
    """Builds the release binary and copies it, so that a concurrent rebuild cannot change it."""
    subprocess.run(["cargo", "build", "--release", "-p", "timon"], cwd=ROOT, check=True)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    frozen = BENCH_DIR / "timon"
    shutil.copy2(ROOT / "target" / "release" / "timon", frozen)
    return frozen


# ---------------------------------------------------------------------------------------------
# The machine


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def output_of(command: list[str]) -> str:
    try:
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def revision() -> str:
    """The commit, and when the work tree differs from it, a digest of the sources measured."""
    commit = output_of(["git", "rev-parse", "--short", "HEAD"])
    dirty = output_of(["git", "status", "--porcelain", "--", "src", "grammar", "stdlib", "Cargo.toml"])
    if not dirty or dirty == "unknown":
        return commit
    digest = hashlib.sha256()
    for path in sorted([ROOT / "Cargo.toml", *(ROOT / "src").rglob("*"), *(ROOT / "grammar").rglob("*"),
                        *(ROOT / "stdlib").rglob("*")]):
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return f"{commit} + uncommitted changes (sources digest {digest.hexdigest()[:12]})"


# ---------------------------------------------------------------------------------------------
# The report


def fmt_time(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def cell(result: Result | None) -> str:
    if result is None:
        return "—"
    if result.timed_out:
        return f"> {result.timeout:.0f} s (killed)"
    times = [run.seconds for run in result.runs]
    spread = f" ({fmt_time(min(times))}–{fmt_time(max(times))})" if len(times) > 1 else " (1 run)"
    return f"{fmt_time(result.median)}{spread} · {result.peak_mib:.0f} MiB"


@dataclass(frozen=True)
class Target:
    """A target of issue 3 or 6 and how to judge it from the results."""

    issue: str
    text: str
    case: str
    apps: int
    seconds: float | None = None
    mib: float | None = None


TARGETS = (
    Target("3, 6", "`check` of 1,000 apps (timon sources) < 50 ms", "check-timon", 1000, seconds=0.050),
    Target("3", "`check` of 1,000 apps (plain YAML) < 50 ms", "check-yaml", 1000, seconds=0.050),
    Target("6", "`build` of 1,000 apps ≤ 30 ms (files)", "build-files", 1000, seconds=0.030),
    Target("6", "`build` of 1,000 apps ≤ 30 ms (stream)", "build-stream", 1000, seconds=0.030),
    Target("6", "`build` of 10,000 apps ≤ 150 ms (files)", "build-files", 10000, seconds=0.150),
    Target("6", "`build` of 10,000 apps ≤ 150 ms (stream)", "build-stream", 10000, seconds=0.150),
    Target("6", "`build` of 10,000 apps ≤ 100 MiB peak RSS (files)", "build-files", 10000, mib=100),
    Target("6", "`build` of 10,000 apps ≤ 100 MiB peak RSS (stream)", "build-stream", 10000, mib=100),
)


def verdict(target: Target, results: dict[tuple[str, int], Result]) -> tuple[str, str]:
    result = results.get((target.case, target.apps))
    if result is None:
        return "not measured", "—"
    if result.timed_out and target.seconds is None:
        peak = result.peak_mib
        if peak > (target.mib or 0):
            return f"≥ {peak:.0f} MiB when killed", "**not met**"
        return "unknown (killed)", "—"
    if result.timed_out:
        return f"> {result.timeout:.0f} s", "**not met**"
    if target.seconds is not None:
        ok = result.median <= target.seconds
        return fmt_time(result.median), "met" if ok else "**not met**"
    ok = result.peak_mib <= (target.mib or 0)
    return f"{result.peak_mib:.0f} MiB", "met" if ok else "**not met**"


def growth_rows(results: dict[tuple[str, int], Result], sizes: list[int]) -> tuple[list[str], bool]:
    """Time per app at each N, the ratio between the two largest N (1.0 is linear), and whether
    every case grew linearly."""
    rows = []
    all_linear = True
    measured = [n for n in sizes if n >= 1000] or sizes
    for case in CASES:
        per_app = []
        for apps in measured:
            result = results.get((case, apps))
            if result is None or result.timed_out:
                per_app.append(None)
            else:
                per_app.append(result.median / apps)
        cells = [f"{value * 1e6:.0f} µs" if value is not None else "killed" for value in per_app]
        known = [(apps, value) for apps, value in zip(measured, per_app) if value is not None]
        if len(known) >= 2 and len(known) == len(per_app):
            ratio = known[-1][1] / known[-2][1]
            judged = "linear" if ratio <= 1.5 else f"**super-linear** (×{ratio:.2f} per app)"
        elif known and len(known) < len(per_app):
            judged = "**super-linear** (killed at larger N)"
        else:
            judged = "—"
        all_linear = all_linear and judged == "linear"
        rows.append(f"| `{case}` | " + " | ".join(cells) + f" | {judged} |")
    header = "| case | " + " | ".join(f"per app, N = {n:,}" for n in measured) + " | growth |"
    return [header, "|---|" + "---|" * len(measured) + "---|", *rows], all_linear


def render(results: dict[tuple[str, int], Result], sizes: list[int], machine: dict[str, str],
           inputs: dict[int, dict[str, int]], large: bool) -> str:
    lines = [
        f"Measured {machine['date']} on {machine['cpu']}, {machine['cores']} cores, "
        f"{machine['memory']} RAM, Linux {machine['kernel']}; timon {machine['revision']}, "
        f"{machine['rustc']}. Load average before / after: {machine['load_before']} / "
        f"{machine['load_after']}.",
        "",
        "Each cell: median wall time (fastest–slowest run) · largest peak RSS of the process."
        " Five runs after one warm-up (three from 50,000 apps); "
        "one run when the warm-up took over 10 s; killed past the timeout.",
        "",
        "| N apps | objects | timon input | YAML input | " + " | ".join(f"`{case}`" for case in CASES) + " |",
        "|---:|---:|---:|---:|" + "---|" * len(CASES),
    ]
    for apps in sizes:
        size = inputs[apps]
        row = [
            f"{apps:,}",
            f"{4 * apps:,}",
            f"{size['timon_files']} files, {size['timon_bytes'] / MIB:.1f} MiB",
            f"{size['yaml_files']:,} files, {size['yaml_bytes'] / MIB:.1f} MiB",
        ]
        row += [cell(results.get((case, apps))) for case in CASES]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "Targets (issues 3 and 6), whole process on this machine:", "",
              "| issue | target | measured | verdict |", "|---|---|---|---|"]
    for target in TARGETS:
        measured, judged = verdict(target, results)
        lines.append(f"| {target.issue} | {target.text} | {measured} | {judged} |")
    growth, all_linear = growth_rows(results, sizes)
    if large:
        judged = "met" if all_linear else "**not met**"
        lines.append(f"| 6 | linear growth to 50,000 apps | growth table below | {judged} |")
    else:
        lines.append("| 6 | linear growth to 50,000 apps | not measured (run with `--large`) | — |")
    lines += ["", "Growth: wall time per app (ratio of the last two ≤ 1.5 counts as linear):", ""]
    lines += growth
    return "\n".join(lines)


def load_results() -> tuple[dict[str, str], dict[int, dict[str, int]], dict[tuple[str, int], Result]]:
    """The machine, inputs and results that the last measuring run saved."""
    raw = json.loads((BENCH_DIR / "results.json").read_text())
    results = {
        (item["case"], item["apps"]): Result(
            case=item["case"], apps=item["apps"], timeout=item["timeout"],
            runs=[Run(**run) for run in item["runs"]],
        )
        for item in raw["results"]
    }
    inputs = {int(apps): size for apps, size in raw["inputs"].items()}
    return raw["machine"], inputs, results


def replace_block(text: str, begin: str, end: str, body: str) -> str:
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"BENCHMARKS.md has no `{begin}` … `{end}` block")
    return pattern.sub(lambda _: f"{begin}\n{body}\n{end}", text)


def input_sizes(folder: Path) -> dict[str, int]:
    timon = list((folder / "timon").glob("*.timon"))
    yaml = list((folder / "yaml").rglob("*.yaml"))
    return {
        "timon_files": len(timon),
        "timon_bytes": sum(path.stat().st_size for path in timon),
        "yaml_files": len(yaml),
        "yaml_bytes": sum(path.stat().st_size for path in yaml),
    }


# ---------------------------------------------------------------------------------------------
# Criterion stages


STAGES = ("check", "lower", "emit", "lint_timon", "lint_yaml")


def run_stages() -> str:
    """Runs the criterion benches once (quick mode) and tabulates their medians."""
    measured = revision()  # the sources cargo is about to compile
    subprocess.run(["cargo", "bench", "-p", "timon", "--bench", "stages", "--", "--quick"],
                   cwd=ROOT, check=True)
    criterion = ROOT / "target" / "criterion"
    rows = ["| stage | what it runs | N = 100 | N = 1,000 |", "|---|---|---:|---:|"]
    describe = {
        "check": "`pipeline::check` (parse, resolve, check)",
        "lower": "`lower::lower` (one environment)",
        "emit": "`emit::emit` (YAML texts and file names)",
        "lint_timon": "`pipeline::lint_timon` (`timon check` on sources: check, lower, lint)",
        "lint_yaml": "`pipeline::lint_yaml` (`timon check` on YAML: parse, schemas, lint)",
    }
    for stage in STAGES:
        cells = []
        for apps in (100, 1000):
            estimates = criterion / stage / str(apps) / "new" / "estimates.json"
            if estimates.exists():
                median = json.loads(estimates.read_text())["median"]["point_estimate"] / 1e9
                cells.append(fmt_time(median))
            else:
                cells.append("—")
        rows.append(f"| `{stage}` | {describe[stage]} | " + " | ".join(cells) + " |")
    date = datetime.date.today().isoformat()
    return (f"`cargo bench --bench stages -- --quick`, {date}, timon {measured}, same machine "
            "and load; the "
            "median of criterion's quick mode (few samples: read these as ±20%), in-process, "
            "sources already in memory.\n\n" + "\n".join(rows))


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also measure 50,000 apps")
    parser.add_argument("--apps", type=int, nargs="+", help="measure these N instead")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds before a run is killed")
    parser.add_argument("--stages", action="store_true", help="also run the criterion benches")
    parser.add_argument("--only-stages", action="store_true",
                        help="run the criterion benches only and rewrite their block")
    parser.add_argument("--no-build", action="store_true", help="reuse target/bench/timon")
    parser.add_argument("--dry-run", action="store_true", help="print the table, leave BENCHMARKS.md")
    parser.add_argument("--render", action="store_true",
                        help="measure nothing: rewrite the table from target/bench/results.json")
    args = parser.parse_args(argv)

    if args.only_stages:
        DOCUMENT.write_text(replace_block(DOCUMENT.read_text(), BEGIN_STAGES, END_STAGES, run_stages()))
        print(f"wrote {DOCUMENT.relative_to(ROOT)}", file=sys.stderr)
        return 0
    if args.render:
        machine, inputs, results = load_results()
        sizes = sorted(inputs)
        table = render(results, sizes, machine, inputs, large=50000 in sizes)
        print(table)
        if not args.dry_run:
            DOCUMENT.write_text(replace_block(DOCUMENT.read_text(), BEGIN, END, table))
        return 0
    sizes = args.apps or ([100, 1000, 10000, 50000] if args.large else [100, 1000, 10000])
    binary = BENCH_DIR / "timon" if args.no_build else build_binary()
    machine = {
        "date": datetime.date.today().isoformat(),
        "cpu": cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": f"{memory_gib():.0f} GiB",
        "kernel": platform.release(),
        "rustc": output_of(["rustc", "--version"]).split(" (")[0],
        "revision": revision(),
        "load_before": load_average(),
    }
    results: dict[tuple[str, int], Result] = {}
    inputs: dict[int, dict[str, int]] = {}
    for apps in sizes:
        print(f"N = {apps}: generating", file=sys.stderr)
        folder = prepare(apps)
        inputs[apps] = input_sizes(folder)
        for case in CASES:
            result = bench_case(case, apps, binary, folder, args.timeout)
            results[(case, apps)] = result
            print(f"  {case:13} {cell(result)}  runs: "
                  + ", ".join(fmt_time(run.seconds) for run in result.runs), file=sys.stderr)
    machine["load_after"] = load_average()

    raw = {
        "machine": machine,
        "inputs": {str(apps): size for apps, size in inputs.items()},
        "results": [
            {"case": case, "apps": apps, "timeout": result.timeout,
             "runs": [vars(run) for run in result.runs]}
            for (case, apps), result in results.items()
        ],
    }
    (BENCH_DIR / "results.json").write_text(json.dumps(raw, indent=2) + "\n")
    table = render(results, sizes, machine, inputs, large=50000 in sizes)
    print(table)
    if args.dry_run:
        return 0
    stages = run_stages() if args.stages else None
    # Read the document only now, so that edits made to its prose meanwhile are kept.
    text = replace_block(DOCUMENT.read_text(), BEGIN, END, table)
    if stages is not None:
        text = replace_block(text, BEGIN_STAGES, END_STAGES, stages)
    DOCUMENT.write_text(text)
    print(f"wrote {DOCUMENT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
