#!/usr/bin/python3
"""Independent exact enumeration of the Clarke KKT points of the reduced problem
max_{|b|=1} f(b), f(b) = sum_i y_i phi(x_i.b), phi slopes cp (t>0), cm (t<0).
Written from docs/theory.md#reduced-problem only (no Checker code). Exact: fractions + z3 (LRA) for region feasibility and hull membership.
Usage: oracle.py INSTANCE.json CHECKER_JSON  -> compares with `kkt --reduced --json` output."""
import json, sys, itertools
from fractions import Fraction as F
from exact_lp import sign_point, regions, hull_weights

def frac(s): return F(s)

def dot(a, b): return sum(x * y for x, y in zip(a, b))

def solve(A, rhs):
    """Least-squares-free exact solve of a consistent square/gram system via Gaussian elimination; returns one solution."""
    n = len(A); m = len(A[0]) if n else 0
    M = [row[:] + [r] for row, r in zip(A, rhs)]
    piv = []; r = 0
    for c in range(m):
        p = next((i for i in range(r, n) if M[i][c] != 0), None)
        if p is None: continue
        M[r], M[p] = M[p], M[r]
        inv = 1 / M[r][c]
        M[r] = [v * inv for v in M[r]]
        for i in range(n):
            if i != r and M[i][c] != 0:
                f = M[i][c]; M[i] = [a - f * b for a, b in zip(M[i], M[r])]
        piv.append(c); r += 1
    for i in range(r, n):
        assert M[i][m] == 0, "inconsistent"
    x = [F(0)] * m
    for i, c in enumerate(piv): x[c] = M[i][m]
    return x, r

def project_out(g, xs):
    """g minus its orthogonal projection onto span(xs); also returns rank(xs)."""
    if not xs: return g[:], 0
    G = [[dot(a, b) for b in xs] for a in xs]
    c, rank = solve(G, [dot(a, g) for a in xs])
    p = [sum(c[k] * xs[k][j] for k in range(len(xs))) for j in range(len(g))]
    return [a - b for a, b in zip(g, p)], rank

def enumerate_kkt(xs, ys, cp, cm):
    n, d = len(xs), len(xs[0])
    zero = [all(t == 0 for t in x) for x in xs]
    nz = [i for i in range(n) if not zero[i]]
    points, continua = [], []
    regcache = {}
    for choice in itertools.product('+-0', repeat=len(nz)):
        P = ['0'] * n
        for i, c in zip(nz, choice): P[i] = c
        P = ''.join(P)
        Z = [i for i in nz if P[i] == '0']
        xz = [xs[i] for i in Z]
        g = [F(0)] * d
        for i in nz:
            if P[i] != '0':
                c = cp if P[i] == '+' else cm
                g = [a + ys[i] * c * b for a, b in zip(g, xs[i])]
        v, rank = project_out(g, xz)
        if rank >= d: continue
        key = tuple(Z)
        hs = []
        if Z and key not in regcache: regcache[key] = regions(xz)
        for r in regcache.get(key, []):
            h = [F(0)] * d
            for ri, i in zip(r, Z):
                c = cp if ri == '+' else cm
                h = [a + ys[i] * c * b for a, b in zip(h, xs[i])]
            hs.append(h)
        m = [a - b for a, b in zip(v, g)]   # lambda*b - g_off
        # membership (an LP) only after the cheap tests: the candidate's pattern, or a non-empty face
        member = lambda: (not Z and all(t == 0 for t in m)) or (bool(Z) and hull_weights(m, hs) is not None)
        if any(t != 0 for t in v):
            for eps in (1, -1):
                b = [eps * t for t in v]
                if all((dot(xs[i], b) > 0) == (P[i] == '+') and dot(xs[i], b) != 0 for i in nz if P[i] != '0') and member():
                    points.append((P, eps, b))
        else:
            if sign_point(xs, P) is not None and member():
                k = d - rank
                if k >= 2: continua.append(P)
                else:
                    # a ray: one unit vector; value 0
                    b = sign_point(xs, P)
                    points.append((P, 0, b))
                    # a line with no off-kink sample fixing the side: both unit vectors carry the pattern
                    if all(P[i] == '0' for i in nz): points.append((P, 0, [-t for t in b]))
    return points, continua

def parallel(a, b):
    ab = dot(a, b)
    return ab > 0 and ab * ab == dot(a, a) * dot(b, b)

def main():
    inst = json.load(open(sys.argv[1])); out = json.load(open(sys.argv[2]))
    xs = [[frac(t) for t in x] for x in inst['inputs']]; ys = [frac(t) for t in inst['labels']]
    ok = True
    if not out['complete']:
        print('NOT COMPLETE', out.get('reason')); ok = False
    for prob in out['problems']:
        s = prob['signs']; cp, cm = frac(prob['slope_pos']), frac(prob['slope_neg'])
        if cp == 0 and cm == 0:   # phi = 0: f vanishes, every unit vector is a KKT point
            fam = [f['pattern'] for f in out.get('families', []) if f['signs'] == s]
            if len(fam) != 1 or any(q['signs'] == s for q in out['points']): ok = False; print('ZERO problem not one family', s, fam)
            continue
        pts, cont = enumerate_kkt(xs, ys, cp, cm)
        mine = sorted((p[0], p[1]) for p in pts)
        theirs = sorted((q['pattern'], (1 if not q['value_exact'].startswith('-') else -1) if q['value_exact'] not in ('0',) else 0)
                        for q in out['points'] if q['signs'] == s)
        fam = sorted(f['pattern'] for f in out.get('families', []) if f['signs'] == s and f['value_sign'] == 0)
        if mine != theirs or sorted(cont) != fam:
            ok = False
            print('MISMATCH signs', s, 'c+', cp, 'c-', cm)
            print('  oracle points  ', mine); print('  checker points ', theirs)
            print('  oracle continua', sorted(cont)); print('  checker families', fam)
        else:
            for (P, e, b) in pts:
                q = next(q for q in out['points'] if q['signs'] == s and q['pattern'] == P)
                if e != 0 and not parallel(b, [frac(t) for t in q['direction']]): ok = False; print('DIRECTION differs', s, P)
    print('AGREE' if ok else 'DISAGREE', sys.argv[1], sum(len(p['points']) if isinstance(p['points'], list) else p['points'] for p in out['problems']) if out['problems'] else 0)
    sys.exit(0 if ok else 1)

main()
