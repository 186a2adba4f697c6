#!/usr/bin/env python3
"""Independent exact K1 oracle for two-layer p = 1 nets with d <= 2 (circle geometry, Fractions only).
A positive KKT point with rank(W1) >= 2 exists iff width >= 2 and two non-parallel positive reduced KKT points of
+F / -F share a value (neurons separate). Reduced KKT points on the circle: open-cell points g_sigma/|g_sigma| and kink
directions where 0 lies between the one-sided angular derivatives."""
import json, random, sys, os
from fractions import Fraction as Fr

def slope(alpha, sgn): return Fr(1) if sgn > 0 else alpha
def dot(a, b): return sum(x*y for x, y in zip(a, b))
def sgn(v): return (v > 0) - (v < 0)

def reduced_points(X, Y, alpha, s):
    n, d = len(X), len(X[0])
    pts = []  # (direction b (rational, unnormalised), value squared) for positive value
    if d == 1:
        for b in ([Fr(1)], [Fr(-1)]):
            v = s*sum(y*slope(alpha, sgn(x[0]*b[0]))*x[0]*b[0] for x, y in zip(X, Y))
            if v > 0: pts.append((b, v*v))
        return pts
    import itertools
    for sig in itertools.product([1, -1], repeat=n):
        g = [s*sum(Y[i]*slope(alpha, sig[i])*X[i][j] for i in range(n)) for j in range(2)]
        if all(v == 0 for v in g): continue
        if all(sgn(dot(X[i], g)) == sig[i] for i in range(n)):
            pts.append((g, dot(g, g)))
    seen = set()
    for x in X:
        for b in ([-x[1], x[0]], [x[1], -x[0]]):
            key = tuple(v / max(abs(b[0]), abs(b[1])) for v in b)
            if key in seen: continue
            seen.add(key)
            t = [-b[1], b[0]]
            f = s*sum(Y[i]*slope(alpha, sgn(dot(X[i], b)))*dot(X[i], b) for i in range(n))
            if f <= 0: continue
            def side(e):
                tot = Fr(0)
                for i in range(n):
                    zb = dot(X[i], b)
                    c = slope(alpha, sgn(zb)) if zb != 0 else slope(alpha, sgn(e*dot(X[i], t)))
                    tot += s*Y[i]*c*dot(X[i], t)
                return tot
            R, L = side(1), side(-1)
            if min(R, L) <= 0 <= max(R, L):
                pts.append((b, f*f/dot(b, b)))
    return pts

def k1_counterexample(inst):
    X = [[Fr(v) for v in r] for r in inst["inputs"]]; Y = [Fr(v) for v in inst["labels"]]
    act = inst["network"]["activation"]; alpha = Fr(0) if act == "relu" else Fr(act.split(":")[1])
    if inst["network"]["widths"][1] < 2: return None
    pts = [(b, q, s) for s in (1, -1) for b, q in reduced_points(X, Y, alpha, s)]
    for i in range(len(pts)):
        for j in range(i+1, len(pts)):
            (a, qa, sa), (b, qb, sb) = pts[i], pts[j]
            if qa != qb: continue
            if len(a) == 2 and a[0]*b[1] - a[1]*b[0] != 0:
                return {"a": [str(v) for v in a], "sa": sa, "b": [str(v) for v in b], "sb": sb, "value_squared": str(qa)}
    return None

def generate(rng, k):
    d = rng.randint(1, 2); n = rng.randint(1, 3)
    X = []
    for _ in range(n):
        while True:
            r = [rng.randint(-2, 2) for _ in range(d)]
            if any(r): break
        X.append(r)
    Y = [rng.randint(1, 2)*rng.choice([1, -1]) for _ in range(n)]
    w = rng.randint(1, 3)
    act = rng.choice(["relu", "leaky:1/10"])
    return {"name": f"census-{k}", "inputs": [[str(v) for v in r] for r in X], "labels": [str(v) for v in Y],
            "network": {"widths": [d, w, 1], "activation": act}}

if __name__ == "__main__":
    seed, count, outdir, neg = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    rng = random.Random(seed); os.makedirs(outdir, exist_ok=True)
    pos, negs, total = [], [], 0
    for k in range(count):
        inst = generate(rng, k); total += 1
        ce = k1_counterexample(inst)
        (pos if ce else negs).append((inst, ce))
    print(f"{total} instances, {len(pos)} with a K1 counterexample (oracle)")
    chosen = pos + negs[:neg]
    truth = {}
    for inst, ce in chosen:
        json.dump(inst, open(f"{outdir}/{inst['name']}.json", "w")); truth[inst["name"]] = ce
    json.dump(truth, open(f"{outdir}/truth.json", "w"), indent=1)
