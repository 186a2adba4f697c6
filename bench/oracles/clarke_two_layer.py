#!/usr/bin/python3
"""Independent exact check (from docs/theory.md#clarke-subdifferential only) that weights of a two-layer leaky/relu net are a Clarke KKT point up to
per-layer rescaling. Layer-1 rows are independent, so the adjacent kink patterns are the products over neurons of the
regions of each neuron's kinked inputs' central arrangement (z3 decides each region); hull membership by z3 (LRA)."""
import json, sys, itertools
from fractions import Fraction as F
import z3
inst = json.load(open(sys.argv[1])); W = json.load(open(sys.argv[2]))['layers']
X = [[F(t) for t in x] for x in inst['inputs']]; Y = [F(t) for t in inst['labels']]
act = inst['network']['activation']; a = F(0) if act == 'relu' else F(act.split(':')[1])
W1 = [[F(t) for t in r] for r in W[0]]; W2 = [F(t) for t in W[1][0]]
h, d, n = len(W1), len(X[0]), len(X)
sig = lambda t: t if t > 0 else a * t
z = [[sum(W1[j][k] * X[i][k] for k in range(d)) for i in range(n)] for j in range(h)]
N = sum(Y[i] * W2[j] * sig(z[j][i]) for i in range(n) for j in range(h))
kinks = [(j, i) for j in range(h) for i in range(n) if z[j][i] == 0 and any(X[i])]
def regions(xs):
    out = []
    for r in itertools.product('+-', repeat=len(xs)):
        s = z3.Solver(); v = [z3.Real(f'd{k}') for k in range(d)]
        for ri, x in zip(r, xs):
            e = z3.Sum([z3.RealVal(str(x[k])) * v[k] for k in range(d)]); s.add(e > 0 if ri == '+' else e < 0)
        if s.check() == z3.sat: out.append(r)
    return out
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
s = z3.Solver(); mu = [z3.Real(f'm{k}') for k in range(len(grads))]
for m in mu: s.add(m >= 0)
s.add(z3.Sum(mu) == 1)
for t in range(len(target)):
    s.add(z3.Sum([mu[k] * z3.RealVal(str(grads[k][1][t])) for k in range(len(grads))]) == z3.RealVal(str(target[t])))
res = s.check()
print('N =', N, '| essential-kink candidates', kinks, '| adjacent patterns', len(grads), '| Clarke KKT:', res == z3.sat)
if res == z3.sat:
    m = s.model(); print('  weights', {''.join(grads[k][0]): m[mu[k]] for k in range(len(grads))})
sys.exit(0 if res == z3.sat else 1)
