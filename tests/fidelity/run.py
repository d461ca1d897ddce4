#!/usr/bin/env python3
"""The differential suite: CPython's concurrent.futures against PoolScope's, scenario by scenario.

Every scenario of scenarios.py runs under each CPython found on this machine (Debian's python3 and
the 3.11 / 3.12 / 3.13 that pyenv installs; the ones it cannot find are skipped with a message) and
through fidelity_driver, which prints the same keys for PoolScope. Each key is compared. A key that
differs is a failure unless DELIBERATE below lists it with its reason (docs/fidelity.md repeats them).

    run.py --driver build/release/bin/fidelity_driver              # report; exit 1 on a mismatch
    run.py --driver ... --markdown                                 # the table docs/fidelity.md shows
    run.py --driver ... --update-doc docs/fidelity.md              # rewrites that table in place
    run.py --driver ... --only map_close_cancels_rest              # one scenario
"""

import argparse
import ast
import concurrent.futures
import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios.py"
BEGIN = "<!-- fidelity-table:begin (tests/fidelity/run.py --update-doc) -->"
END = "<!-- fidelity-table:end -->"
TIMEOUT_S = 60

# (scenario, key) -> why PoolScope differs on purpose. Nothing else may differ.
DELIBERATE = {
    ("map_results_and_eager_submit", "two_iterables"):
        "the typed C++ `ThreadPoolExecutor::map(fn, vector)` takes one input vector; zip several yourself "
        "(the process pool's `mapErased` takes argument lists)",
    ("process_pool_shutdown_twice", "state_after_second"):
        "CPython's shutdown(wait=False) drops its reference to the manager thread, so a later "
        "shutdown(wait=True) joins nothing; PoolScope's joins it, so a run's counts are final when the "
        "with block ends, and the destructor has to join anyway",
}


def find_pythons():
    """(label, path) of every CPython to compare against, and the messages about those skipped."""
    found, notes, seen = [], [], set()

    def add(path, suffix=""):
        real = os.path.realpath(path)
        if real in seen or not os.access(real, os.X_OK):
            return
        seen.add(real)
        try:
            version = subprocess.run([path, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                                     capture_output=True, text=True, timeout=30, check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError) as e:
            notes.append(f"skipped {path}: {e}")
            return
        found.append((version + suffix, path))

    debian = shutil.which("python3", path="/usr/bin:/bin")
    if debian:
        add(debian, " (Debian)")
    else:
        notes.append("skipped Debian's python3: not found")
    pyenv = shutil.which("pyenv")
    for minor in ("3.11", "3.12", "3.13"):
        candidates = []
        if pyenv:
            r = subprocess.run([pyenv, "prefix", minor], capture_output=True, text=True, timeout=30)
            if r.returncode == 0 and r.stdout.strip():
                candidates.append(os.path.join(r.stdout.strip().splitlines()[0], "bin", "python3"))
        candidates += sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{minor}.*/bin/python3")))
        hit = [c for c in candidates if os.access(c, os.X_OK)]
        if hit:
            add(hit[0])
        else:
            notes.append(f"skipped CPython {minor}: no pyenv installation found")
    found.sort(key=lambda vp: [int(x) for x in vp[0].split()[0].split(".")])
    return found, notes


def scenario_docs():
    tree = ast.parse(SCENARIOS.read_text())
    docs = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Name) and d.id == "scenario" for d in node.decorator_list):
            docs[node.name] = (ast.get_docstring(node) or node.name).rstrip(".")
    return docs


def run(cmd):
    """The keys a scenario printed, in order, or an 'error' entry saying why there are none."""
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"<error>": f"timed out after {TIMEOUT_S} s"}
    keys = {}
    for line in r.stdout.splitlines():
        try:
            obj = json.loads(line)
            keys[obj["k"]] = obj["v"]
        except (ValueError, KeyError, TypeError):
            keys.setdefault("<error>", f"unexpected output line: {line!r}")
    if r.returncode != 0:
        keys["<error>"] = f"exit code {r.returncode}: {r.stderr.strip()[-500:]}"
    return keys


def compare(scenario, cpython, poolscope):
    """[(key, verdict, cpython value, poolscope value)] with verdict match | deliberate | MISMATCH."""
    rows = []
    for key in list(cpython) + [k for k in poolscope if k not in cpython]:
        a, b = cpython.get(key, "<missing>"), poolscope.get(key, "<missing>")
        if a == b:
            verdict = "match"
        elif (scenario, key) in DELIBERATE:
            verdict = "deliberate"
        else:
            verdict = "MISMATCH"
        rows.append((key, verdict, a, b))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--driver", required=True, help="the fidelity_driver executable")
    ap.add_argument("--markdown", action="store_true", help="print the markdown table")
    ap.add_argument("--update-doc", metavar="FILE", help="rewrite the table between the markers in FILE")
    ap.add_argument("--only", action="append", help="run only this scenario (repeatable)")
    ap.add_argument("--jobs", type=int, default=2, help="scenarios run at once (default 2)")
    args = ap.parse_args()

    if not os.access(args.driver, os.X_OK):
        print(f"{args.driver}: driver: not an executable file", file=sys.stderr)
        return 2
    docs = scenario_docs()
    names = args.only or list(docs)
    unknown = [n for n in names if n not in docs]
    if unknown:
        print(f"{SCENARIOS.name}: --only: no scenario named {', '.join(unknown)}", file=sys.stderr)
        return 2
    driver_names = subprocess.run([args.driver, "--list"], capture_output=True, text=True, timeout=30,
                                  check=True).stdout.split()
    pythons, notes = find_pythons()
    for note in notes:
        print(note, file=sys.stderr)
    if not pythons:
        print("no CPython found: nothing to compare against", file=sys.stderr)
        return 2

    jobs = [("PoolScope", args.driver, [args.driver])] + [(v, p, [p, str(SCENARIOS)]) for v, p in pythons]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = {}
        for label, _, cmd in jobs:
            for name in names:
                if label == "PoolScope" and name not in driver_names:
                    results[(label, name)] = {"<error>": "fidelity_driver has no such scenario"}
                    continue
                futures[pool.submit(run, cmd + [name])] = (label, name)
        for f in concurrent.futures.as_completed(futures):
            results[futures[f]] = f.result()

    failed = False
    table = {}  # (name, version) -> verdict cell
    for version, _ in pythons:
        for name in names:
            rows = compare(name, results[(version, name)], results[("PoolScope", name)])
            bad = [r for r in rows if r[1] == "MISMATCH"]
            deliberate = [r for r in rows if r[1] == "deliberate"]
            if bad:
                failed = True
                table[(name, version)] = "**MISMATCH**"
                for key, _, a, b in bad:
                    print(f"MISMATCH {name} [{key}] under {version}: CPython {json.dumps(a)} "
                          f"!= PoolScope {json.dumps(b)}", file=sys.stderr)
            elif deliberate:
                table[(name, version)] = "deliberate difference"
            else:
                table[(name, version)] = "match"
            if not args.markdown:
                print(f"{table[(name, version)].strip('*'):>21}  {version:>7}  {name} ({len(rows)} keys)")

    md = markdown(names, docs, pythons, table, notes)
    if args.markdown:
        print(md)
    if args.update_doc:
        path = Path(args.update_doc)
        text = path.read_text()
        if BEGIN not in text or END not in text:
            print(f"{path}: table markers: not found", file=sys.stderr)
            return 2
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        path.write_text(head + BEGIN + "\n" + md + "\n" + END + tail)
    print(("FAILED: " if failed else "") + f"{len(names)} scenarios x {len(pythons)} CPythons compared",
          file=sys.stderr)
    return 1 if failed else 0


def markdown(names, docs, pythons, table, notes):
    versions = [v for v, _ in pythons]
    lines = ["| behaviour (scenario) | " + " | ".join(f"CPython {v}" for v in versions) + " |",
             "|---|" + "---|" * len(versions)]
    for name in names:
        cells = [table[(name, v)] for v in versions]
        lines.append(f"| {docs[name]} (`{name}`) | " + " | ".join(cells) + " |")
    used = sorted({k for k in DELIBERATE if k[0] in names})
    if used:
        lines += ["", "Deliberate differences the suite allows (key: reason):", ""]
        lines += [f"- `{s}` `{k}`: {DELIBERATE[(s, k)]}" for s, k in used]
    if notes:
        lines += [""] + [f"({n})" for n in notes]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
