#!/usr/bin/env python3
"""Issue 13's depth-3 census: seeded random instances of depth 3 (widths [d, k1, k2, 1], d <= 3, k1, k2 <= 3,
n <= 5 samples, small rationals) over the activations the issue names (polyrelu:2, polyleaky, signedpoly) plus
relu and leaky:1/10, each run through `checker verify --json` at default settings. Prints a table of the
inconclusive claims with their reason, the exit code and the wall time of every instance.

    bench/oracles/depth3_census.py [SEED [COUNT [OUTDIR [CLAIMS]]]]   # default 13 15 (a temporary directory), all claims

CLAIMS (e.g. C7,C8,C9) is passed to `verify --claims`, to measure a few claims without the rest.

Wall times are upper bounds when the machine is shared. Exit 0 iff every applicable claim was decided."""
import json, os, random, subprocess, sys, tempfile, time
from fractions import Fraction

ACTIVATIONS = ["polyrelu:2", "polyleaky:2,1/10", "signedpoly:2,1/2", "signedpoly:3,1/4", "leaky:1/10", "relu"]


def number(rng):
    """A small nonzero rational, as the instance format's exact string."""
    q = Fraction(rng.choice([1, 2, 3, 4]) * rng.choice([-1, 1]), rng.choice([1, 1, 2, 4]))
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def instance(rng, index):
    activation = ACTIVATIONS[index % len(ACTIVATIONS)]
    d, k1, k2, n = rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3), rng.randint(2, 5)
    return {
        "name": f"depth3-{index:02d}",
        "inputs": [[number(rng) for _ in range(d)] for _ in range(n)],
        "labels": [number(rng) for _ in range(n)],
        "network": {"widths": [d, k1, k2, 1], "activation": activation},
    }


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 13
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    out = sys.argv[3] if len(sys.argv) > 3 else tempfile.mkdtemp(prefix="depth3-census-")
    focus = ["--claims", sys.argv[4]] if len(sys.argv) > 4 else []
    os.makedirs(out, exist_ok=True)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    checker = os.path.join(root, "Cli", "bin", "Release", "net10.0", "checker.dll")
    rng = random.Random(seed)
    decided_all, worst, open_claims = 0, 0.0, {}
    print(f"{'instance':11} {'widths':12} {'activation':18} {'n':>2} {'exit':>4} {'time s':>7}  inconclusive")
    for i in range(count):
        inst = instance(rng, i)
        path = os.path.join(out, inst["name"] + ".json")
        with open(path, "w") as f:
            json.dump(inst, f, indent=1)
        start = time.monotonic()
        run = subprocess.run(["dotnet", checker, "verify", path, "--json", *focus], capture_output=True, text=True)
        wall = time.monotonic() - start
        worst = max(worst, wall)
        open_here = []
        try:
            report = json.loads(run.stdout)
            verdicts = report["instances"][0]["claims"] if "instances" in report else report["claims"]
            for c in verdicts:
                if c.get("verdict") == "inconclusive":
                    open_here.append(f"{c['id']}: {c.get('detail', '')}")
                    open_claims[c["id"]] = open_claims.get(c["id"], 0) + 1
        except (json.JSONDecodeError, KeyError) as e:
            open_here.append(f"(no JSON report: {run.stderr.strip()})")
        if not open_here and run.returncode in (0, 1):
            decided_all += 1
        print(f"{inst['name']:11} {str(inst['network']['widths']):12} {inst['network']['activation']:18} "
              f"{len(inst['inputs']):>2} {run.returncode:>4} {wall:7.1f}  " + ("; ".join(open_here) or "-"), flush=True)
    print(f"census: {count} instances (seed {seed}, files in {out}); all claims decided on {decided_all}; "
          f"inconclusive per claim {open_claims or '{}'}; max wall time {worst:.1f} s")
    sys.exit(0 if decided_all == count else 1)


if __name__ == "__main__":
    main()
