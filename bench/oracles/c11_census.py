#!/usr/bin/python3
"""Issue 12's C11 census: seeded random relu / leaky:1/10 nets of depth 2-3 (widths <= 3, d <= 3, n <= 5 samples,
small rationals), each run through `checker check C11 --json`; every finding (a flow limit no certified point
matched) is classified by the independent oracle c11_oracle.py (written from docs/theory.md, Python fractions and
mpmath, no code shared with Checker):

  (a) KKT      the limit has a Clarke KKT point on its face within the cosine tolerance: Checker failed to certify it
  (b) not-KKT  no KKT point on the limit's face near it (the flow had not converged / stopped early)
  (c) open     the oracle could not decide (reported as such, never as a pass)

    /usr/bin/python3 bench/oracles/c11_census.py [SEED [COUNT [OUTDIR]]]     # default 1 20 (a temporary directory)

Needs a Release build (dotnet build Cli -c Release) and Debian's python3-z3 and python3-mpmath (/usr/bin/python3).
Exit 0 iff no finding is of class (a) and every net gave a verdict (holds-numerically, or inconclusive with findings)."""
import json, os, random, subprocess, sys, tempfile, time
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import c11_oracle

ACTIVATIONS = ["relu", "leaky:1/10"]


def number(rng):
    """A small nonzero rational, as the instance format's exact string."""
    q = Fraction(rng.choice([1, 2, 3, 4]) * rng.choice([-1, 1]), rng.choice([1, 1, 2]))
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def instance(rng, index):
    depth = rng.choice([2, 3])
    d, n = rng.randint(1, 3), rng.randint(2, 5)
    widths = [d] + [rng.randint(1, 3) for _ in range(depth - 1)] + [1]
    return {
        "name": f"c11-{index:02d}",
        "inputs": [[number(rng) for _ in range(d)] for _ in range(n)],
        "labels": [number(rng) for _ in range(n)],
        "network": {"widths": widths, "activation": rng.choice(ACTIVATIONS)},
    }


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    out = sys.argv[3] if len(sys.argv) > 3 else tempfile.mkdtemp(prefix="c11-census-")
    os.makedirs(out, exist_ok=True)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    checker = os.path.join(root, "Cli", "bin", "Release", "net10.0", "checker.dll")
    rng = random.Random(seed)
    tally = {}
    classes = {"a": 0, "b": 0, "c": 0}
    print(f"{'instance':8} {'widths':12} {'activation':10} {'n':>2} {'time s':>6}  verdict / findings")
    for i in range(count):
        inst = instance(rng, i)
        path = os.path.join(out, inst["name"] + ".json")
        with open(path, "w") as f:
            json.dump(inst, f, indent=1)
        start = time.monotonic()
        run = subprocess.run(["dotnet", checker, "check", "C11", path, "--json", "--timeout", "90"], capture_output=True, text=True)
        wall = time.monotonic() - start
        try:
            report = json.loads(run.stdout)
        except json.JSONDecodeError:
            report = {"verdict": f"no JSON (exit {run.returncode}): {run.stderr.strip()[:120]}"}
        verdict = report.get("verdict", "?")
        tally[verdict] = tally.get(verdict, 0) + 1
        lines = []
        for r in (report.get("evidence") or {}).get("runs", []):
            if r.get("problem") is None:
                continue
            if r.get("final_direction") is None:
                lines.append(f"    seed {r['seed']}: {r['problem']} -> (c) no final direction to classify")
                classes["c"] += 1
                continue
            cls, why = c11_oracle.classify(inst, r["final_direction"], 1e-3)
            classes[cls] += 1
            lines.append(f"    seed {r['seed']}: {r['problem'][:90]} -> ({cls}) {why}")
        print(f"{inst['name']:8} {str(inst['network']['widths']):12} {inst['network']['activation']:10} "
              f"{len(inst['inputs']):>2} {wall:6.1f}  {verdict}", flush=True)
        for line in lines:
            print(line, flush=True)
    print(f"C11 census: {count} nets (seed {seed}, files in {out}); verdicts {tally}; findings by oracle class "
          f"(a) KKT point Checker missed {classes['a']}, (b) not a KKT point {classes['b']}, (c) undecided {classes['c']}")
    sys.exit(0 if classes["a"] == 0 and all(v in ("holds-numerically", "inconclusive", "not-applicable") for v in tally) else 1)


if __name__ == "__main__":
    main()
