#!/usr/bin/python3
"""Independent exact re-check of a Clarke KKT witness of a leaky/relu net of any depth (from docs/theory.md#clarke-subdifferential only):
every claimed arc u + sum eps^k v_k is pushed through the network as polynomials in eps (exact fractions), the kinked
pre-activations must take the pattern's signs and every other one keep its sign; g_P is recomputed by backprop with the
pattern's slopes at the kinks; lambda*u-target membership in conv{g_P} is decided by z3 (LRA).
Usage: clarke_arcs.py INSTANCE.json WITNESS.json  (witness: weights, kinks, adjacent_patterns as verify --json gives)"""
import json, sys, itertools
from fractions import Fraction as F
from exact_lp import hull_weights, is_convex_combination
inst = json.load(open(sys.argv[1])); wit = json.load(open(sys.argv[2]))
X = [[F(t) for t in x] for x in inst['inputs']]; Y = [F(t) for t in inst['labels']]
act = inst['network']['activation']; a = F(0) if act == 'relu' else F(act.split(':')[1])
W = [[[F(t) for t in r] for r in layer] for layer in wit['weights']]
L = len(W); n = len(X)
flat = [(l, r, c) for l in range(L) for r in range(len(W[l])) for c in range(len(W[l][0]))]
# polynomials in eps: dict order -> Fraction
def padd(p, q):
    o = dict(p)
    for k, v in q.items(): o[k] = o.get(k, 0) + v
    return {k: v for k, v in o.items() if v != 0}
def pmul(p, q):
    o = {}
    for i, u in p.items():
        for j, v in q.items(): o[i + j] = o.get(i + j, 0) + u * v
    return {k: v for k, v in o.items() if v != 0}
def lead(p): return 0 if not p else (1 if p[min(p)] > 0 else -1)
def forward(Wp, x):
    """Wp: weights as polynomials; returns the pre-activations per layer (list of lists of polynomials)."""
    h = [{0: t} if t != 0 else {} for t in x]; zs = []
    for l in range(L):
        z = []
        for r in range(len(Wp[l])):
            acc = {}
            for c in range(len(Wp[l][0])): acc = padd(acc, pmul(Wp[l][r][c], h[c]))
            z.append(acc)
        zs.append(z)
        if l < L - 1: h = [p if lead(p) > 0 else {k: a * v for k, v in p.items()} for p in z]
    return zs
const = [[[{0: t} if t != 0 else {} for t in r] for r in layer] for layer in W]
z0 = [forward(const, x) for x in X]
kinks = [(k['layer'] - 1, k['neuron'] - 1, k['sample'] - 1) for k in wit['kinks']]
for (l, j, i) in kinks: assert not z0[i][l][j], f'listed kink {(l, j, i)} is not zero'
ok = True; grads = []
for ap in wit['adjacent_patterns']:
    if ap['status'] != 'adjacent': continue
    Wp = [[[dict(p) for p in r] for r in layer] for layer in const]
    for t in ap['arc']:
        l, r, c = flat[t['index']]; Wp[l][r][c] = padd(Wp[l][r][c], {t['order']: F(t['value'])})
    zs = [forward(Wp, x) for x in X]
    for i in range(n):
        for l in range(L - 1):
            for j in range(len(W[l])):
                want = lead(z0[i][l][j])
                if (l, j, i) in kinks: want = 1 if ap['signs'][kinks.index((l, j, i))] == '+' else -1
                elif want == 0: continue   # a zero pre-activation that is not an essential kink (dormant): any sign
                if lead(zs[i][l][j]) != want: ok = False; print('arc fails', ap['signs'], (l, j, i))
    # g_P by backprop at u with the pattern's slopes
    side = {kk: ap['signs'][q] for q, kk in enumerate(kinks)}
    g = [[[F(0)] * len(W[l][0]) for _ in W[l]] for l in range(L)]
    for i in range(n):
        hs = [X[i]]; slopes = []
        for l in range(L):
            z = [sum(W[l][r][c] * hs[-1][c] for c in range(len(W[l][0]))) for r in range(len(W[l]))]
            if l < L - 1:
                sl = []
                for j, t in enumerate(z):
                    if t > 0: sl.append(F(1))
                    elif t < 0: sl.append(a)
                    else: sl.append(F(1) if side.get((l, j, i), '+') == '+' else a) if (l, j, i) in side else sl.append(None)
                slopes.append(sl); hs.append([t if t > 0 else a * t for t in z])
        delta = [Y[i]] * len(W[L - 1])
        for l in range(L - 1, -1, -1):
            for r in range(len(W[l])):
                for c in range(len(W[l][0])): g[l][r][c] += delta[r] * hs[l][c]
            if l > 0:
                back = [sum(W[l][r][c] * delta[r] for r in range(len(W[l]))) for c in range(len(W[l][0]))]
                # a zero pre-activation that is not a listed kink: its slope must not matter (back == 0), else flag
                for c in range(len(back)):
                    if slopes[l - 1][c] is None:
                        if back[c] != 0: ok = False; print('unlisted kink with non-zero backprop', (l - 1, c, i))
                        slopes[l - 1][c] = F(1)
                delta = [back[c] * slopes[l - 1][c] for c in range(len(back))]
    grads.append((ap['signs'], [v for layer in g for r in layer for v in r]))
def evalN():
    tot = F(0)
    for i in range(n):
        h = X[i]
        for l in range(L):
            z = [sum(W[l][r][c] * h[c] for c in range(len(h))) for r in range(len(W[l]))]
            h = [t if t > 0 else a * t for t in z] if l < L - 1 else z
        tot += Y[i] * h[0]
    return tot
N = evalN()
target = []
for l in range(L):
    nn = sum(v * v for r in W[l] for v in r)
    target += [N / nn * v for r in W[l] for v in r]
points = [g for _, g in grads]
if len(sys.argv) > 3:   # also test the witness's own convex weights, in rationals
    cw = {c["signs"]: F(c["weight"]) for c in wit.get("convex_weights", [])}
    print("  the witness's own convex weights satisfy it:", is_convex_combination([cw.get(p, F(0)) for p, _ in grads], points, target))
weights = hull_weights(target, points)
print('N =', N, '| arcs re-checked:', ok, '| adjacent patterns', [gp[0] for gp in grads], '| Clarke KKT (hull):', weights is not None)
if weights is not None: print('  weights', {grads[k][0]: str(w) for k, w in enumerate(weights)})
sys.exit(0 if ok and weights is not None else 1)
