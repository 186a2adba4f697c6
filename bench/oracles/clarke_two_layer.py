#!/usr/bin/python3
"""Independent exact check (from docs/theory.md#clarke-subdifferential only) that weights of a two-layer leaky/relu net are a Clarke KKT point up to
per-layer rescaling. Layer-1 rows are independent, so the adjacent kink patterns are the products over neurons of the
regions of each neuron's kinked inputs' central arrangement (z3 decides each region); hull membership by z3 (LRA)."""
import json, sys, itertools
from fractions import Fraction as F
from exact_lp import regions, hull_weights
inst = json.load(open(sys.argv[1])); W = json.load(open(sys.argv[2]))['layers']
X = [[F(t) for t in x] for x in inst['inputs']]; Y = [F(t) for t in inst['labels']]
act = inst['network']['activation']; a = F(0) if act == 'relu' else F(act.split(':')[1])
W1 = [[F(t) for t in r] for r in W[0]]; W2 = [F(t) for t in W[1][0]]
h, d, n = len(W1), len(X[0]), len(X)
sig = lambda t: t if t > 0 else a * t
z = [[sum(W1[j][k] * X[i][k] for k in range(d)) for i in range(n)] for j in range(h)]
N = sum(Y[i] * W2[j] * sig(z[j][i]) for i in range(n) for j in range(h))
kinks = [(j, i) for j in range(h) for i in range(n) if z[j][i] == 0 and any(X[i])]
per = []
for j in range(h):
    ks = [i for (jj, i) in kinks if jj == j]
    per.append([(ks, r) for r in regions([X[i] for i in ks])] if ks else [([], ())])
grads = []
for combo in itertools.product(*per):
    side = {}
    for j, (ks, r) in enumerate(combo):
        for i, c in zip(ks, r): side[(j, i)] = c
    slope = lambda j, i: (1 if z[j][i] > 0 else a) if z[j][i] != 0 else (1 if side[(j, i)] == '+' else a)
    g1 = [[sum(Y[i] * W2[j] * slope(j, i) * X[i][k] for i in range(n)) for k in range(d)] for j in range(h)]
    g2 = [sum(Y[i] * sig(z[j][i]) for i in range(n)) for j in range(h)]
    grads.append(([c for _, c in sorted(side.items())], [v for row in g1 for v in row] + g2))
n1 = sum(v * v for r in W1 for v in r); n2 = sum(v * v for v in W2)
target = [N / n1 * v for r in W1 for v in r] + [N / n2 * v for v in W2]
weights = hull_weights(target, [g for _, g in grads])
print('N =', N, '| essential-kink candidates', kinks, '| adjacent patterns', len(grads), '| Clarke KKT:', weights is not None)
if weights is not None: print('  weights', {''.join(grads[k][0]): str(w) for k, w in enumerate(weights)})
sys.exit(0 if weights is not None else 1)
