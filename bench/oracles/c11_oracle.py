#!/usr/bin/python3
"""Independent check of a C11 finding (docs/theory.md#c11-non-smooth-cross-validation, #clarke-subdifferential), written
from the theory only: mpmath (50 digits) and z3's Python API, no code shared with Checker.

Given an instance (relu / leaky, p = 1) and a flow's final direction u (flat weights, W_1 row-major first), decide
whether u is (up to the cosine tolerance) a Clarke KKT point of N on the sphere:

1. the face of u: pre-activations z_k (layer, neuron, sample) with |z_k| <= 1e-5 * ||x_i|| * prod ||W_m|| are kinks;
2. the face's KKT system — z_k(w) = 0 on the kinks, g_l(w, c) = (N(w)/||w_l||^2) w_l for every layer (the KKT
   condition up to a positive rescaling of each layer), ||w_l||^2 = 1/L — in w and one slope c_k in [a, 1] per kink
   (sigma(z_k) = c_k z_k on the face, so the system is polynomial) is solved by projected Levenberg-Marquardt from u;
3. at the solution the Clarke subdifferential is the hull of the gradients g_P of the adjacent kink patterns P
   (adjacency decided to first order: some direction d with P_k * dz_k(d) > 0 for every kink, an LP decided by z3),
   and the target's distance to that hull is an LP (z3, exact over the 50-digit data rounded to rationals).

The verdict: ('a', why) when a face KKT point with residual < 1e-25 and Clarke-hull distance < 1e-20 lies within cosine
1 - eps of u (Checker should have certified it); ('b', why) when the face system's least residual near u stays above
1e-8 on every face tolerance tried (u is not near a KKT point of its face: the flow had not converged), or the face
solution lies outside the tolerance or outside the Clarke hull; ('c', why) otherwise. Step 2 is high-precision numeric
(a converged, well-conditioned Newton-type solve), steps 3's LPs are exact on rounded data: 'a' and 'b' are judgements
at 50 digits, not proofs."""
import itertools, json, sys
from fractions import Fraction
import mpmath as mp
import z3

mp.mp.dps = 50


def parse(inst):
    X = [[mp.mpf(Fraction(t).numerator) / Fraction(t).denominator for t in x] for x in inst["inputs"]]
    Y = [mp.mpf(Fraction(t).numerator) / Fraction(t).denominator for t in inst["labels"]]
    act = inst["network"]["activation"]
    a = mp.mpf(0) if act == "relu" else mp.mpf(Fraction(act.split(":")[1]).numerator) / Fraction(act.split(":")[1]).denominator
    return X, Y, a, inst["network"]["widths"]


def layers(w, widths):
    out, o = [], 0
    for l in range(1, len(widths)):
        r, c = widths[l], widths[l - 1]
        out.append([[w[o + j * c + k] for k in range(c)] for j in range(r)])
        o += r * c
    return out


def evaluate(w, widths, X, Y, a, slopes):
    """N(w), its gradient (flat) and every hidden pre-activation z[(l, j, i)]. On a kink k in `slopes` the activation is
    c_k * z (its face's polynomial branch) and its slope c_k; elsewhere sigma by the sign of z."""
    W = layers(w, widths)
    L = len(W)
    g = [[[mp.mpf(0)] * len(W[l][0]) for _ in W[l]] for l in range(L)]
    N, zs = mp.mpf(0), {}
    for i, x in enumerate(X):
        hs, sl = [x], []
        for l in range(L):
            z = [mp.fsum(W[l][j][k] * hs[-1][k] for k in range(len(hs[-1]))) for j in range(len(W[l]))]
            if l == L - 1:
                N += Y[i] * z[0]
                break
            s = []
            for j, t in enumerate(z):
                zs[(l, j, i)] = t
                s.append(slopes[(l, j, i)] if (l, j, i) in slopes else (mp.mpf(1) if t > 0 else a))
            sl.append(s)
            hs.append([s[j] * z[j] for j in range(len(z))])
        delta = [Y[i]]
        for l in range(L - 1, -1, -1):
            for j in range(len(W[l])):
                for k in range(len(W[l][0])):
                    g[l][j][k] += delta[j] * hs[l][k]
            if l > 0:
                delta = [mp.fsum(W[l][j][k] * delta[j] for j in range(len(W[l]))) * sl[l - 1][k] for k in range(len(W[l][0]))]
    return N, [v for layer in g for row in layer for v in row], zs


def norms(w, widths):
    return [mp.fsum(v * v for row in layer for v in row) for layer in layers(w, widths)]


def face(u, widths, X, Y, a, tol):
    _, _, zs = evaluate(u, widths, X, Y, a, {})
    nl = [mp.sqrt(n) for n in norms(u, widths)]
    kinks = []
    for (l, j, i), t in zs.items():
        scale = mp.sqrt(mp.fsum(v * v for v in X[i])) * mp.fprod(nl[: l + 1])
        if scale > 0 and abs(t) <= tol * scale:
            kinks.append((l, j, i))
    return kinks


def residual(w, c, kinks, widths, X, Y, a):
    slopes = dict(zip(kinks, c))
    N, g, zs = evaluate(w, widths, X, Y, a, slopes)
    L = len(widths) - 1
    r = [zs[k] for k in kinks]
    nl = norms(w, widths)
    o = 0
    for l in range(L):
        size = widths[l + 1] * widths[l]
        coef = N / nl[l] if nl[l] > 0 else mp.mpf(0)
        r += [g[o + t] - coef * w[o + t] for t in range(size)]
        r.append(nl[l] - mp.mpf(1) / L)
        o += size
    return r


def solve_face(u, kinks, widths, X, Y, a, iterations=80):
    """Projected Levenberg-Marquardt on the face's KKT system from the balanced u, slopes starting mid-interval."""
    L = len(widths) - 1
    nl = norms(u, widths)
    w, o = [], 0
    for l in range(L):
        size = widths[l + 1] * widths[l]
        s = 1 / mp.sqrt(L * nl[l]) if nl[l] > 0 else 1
        w += [v * s for v in u[o: o + size]]
        o += size
    c = [(a + 1) / 2 for _ in kinks]
    x = w + c
    P = len(w)
    F = lambda v: residual(v[:P], v[P:], kinks, widths, X, Y, a)
    clamp = lambda v: v[:P] + [min(max(t, a), mp.mpf(1)) for t in v[P:]]
    r = F(x)
    cost = mp.fsum(t * t for t in r)
    mu = mp.mpf("1e-6")
    h = mp.mpf("1e-22")
    for _ in range(iterations):
        if cost < mp.mpf("1e-60"):
            break
        cols = []
        for q in range(len(x)):
            xp = list(x)
            xp[q] += h
            cols.append([(s - t) / h for s, t in zip(F(xp), r)])
        J = mp.matrix(len(r), len(x))
        for q, col in enumerate(cols):
            for p, t in enumerate(col):
                J[p, q] = t
        JT = J.T
        A = JT * J
        b = JT * mp.matrix(r)
        improved = False
        for _ in range(30):
            M = A + mu * mp.eye(len(x))
            try:
                step = mp.lu_solve(M, -b)
            except ZeroDivisionError:
                mu *= 10
                continue
            xn = clamp([x[q] + step[q] for q in range(len(x))])
            rn = F(xn)
            cn = mp.fsum(t * t for t in rn)
            if cn < cost:
                x, r, cost, mu, improved = xn, rn, cn, max(mu / 10, mp.mpf("1e-40")), True
                break
            mu *= 10
        if not improved:
            break
    return x[:P], x[P:], mp.sqrt(cost)


def rat(v):
    return z3.RealVal(str(Fraction(mp.nstr(v, 45, strip_zeros=False)) if v != 0 else 0))


def adjacent(w, kinks, widths, X, Y, a):
    """Kink patterns realised to first order around w: LP feasibility of P_k * (grad z_k . d) >= 1 (z3)."""
    if not kinks:
        return [()]
    h = mp.mpf("1e-25")
    _, _, z0 = evaluate(w, widths, X, Y, a, {})
    grads = {k: [] for k in kinks}
    for q in range(len(w)):
        wp = list(w)
        wp[q] += h
        _, _, zp = evaluate(wp, widths, X, Y, a, {})
        for k in kinks:
            grads[k].append((zp[k] - z0[k]) / h)
    out = []
    for P in itertools.product((1, -1), repeat=len(kinks)):
        s = z3.Solver()
        d = [z3.Real(f"d{q}") for q in range(len(w))]
        for k, sign in zip(kinks, P):
            s.add(sign * z3.Sum([rat(gq) * dq for gq, dq in zip(grads[k], d) if abs(gq) > mp.mpf("1e-30")] or [z3.RealVal(0)]) >= 1)
        if s.check() == z3.sat:
            out.append(P)
    return out


def hull_distance(w, kinks, patterns, widths, X, Y, a):
    """max-norm distance of the KKT target from conv{g_P : P adjacent}, an LP (z3 Optimize)."""
    N, _, _ = evaluate(w, widths, X, Y, a, {k: mp.mpf(0) for k in kinks})
    nl = norms(w, widths)
    target, o = [], 0
    for l in range(len(widths) - 1):
        size = widths[l + 1] * widths[l]
        target += [N / nl[l] * v for v in w[o: o + size]]
        o += size
    gs = [evaluate(w, widths, X, Y, a, {k: (mp.mpf(1) if s > 0 else a) for k, s in zip(kinks, P)})[1] for P in patterns]
    opt = z3.Optimize()
    mu = [z3.Real(f"m{p}") for p in range(len(gs))]
    t = z3.Real("t")
    for m in mu:
        opt.add(m >= 0)
    opt.add(z3.Sum(mu) == 1)
    for j in range(len(target)):
        e = z3.Sum([m * rat(g[j]) for m, g in zip(mu, gs)]) - rat(target[j])
        opt.add(e <= t, -e <= t)
    opt.minimize(t)
    if opt.check() != z3.sat:
        return mp.inf
    v = opt.model().eval(t).as_fraction()
    return mp.mpf(v.numerator) / v.denominator


def cosine(p, q):
    return mp.fsum(s * t for s, t in zip(p, q)) / mp.sqrt(mp.fsum(s * s for s in p) * mp.fsum(t * t for t in q))


def classify(inst, final_direction, eps):
    X, Y, a, widths = parse(inst)
    u = [mp.mpf(v) for v in final_direction]
    # the balanced representative of u (the flow's direction is balanced up to its conservation-law offsets)
    L = len(widths) - 1
    notes = []
    best = None
    for tol in ("1e-5", "1e-7", "1e-3"):
        kinks = face(u, widths, X, Y, a, mp.mpf(tol))
        if len(kinks) > 10:
            notes.append(f"tol {tol}: {len(kinks)} kinks, too many")
            continue
        w, c, res = solve_face(u, kinks, widths, X, Y, a)
        cos = cosine(w, u)
        notes.append(f"tol {tol}: {len(kinks)} kinks, face residual {mp.nstr(res, 3)}, cosine {mp.nstr(cos, 12)}")
        if res < mp.mpf("1e-25"):
            patterns = adjacent(w, kinks, widths, X, Y, a)
            dist = hull_distance(w, kinks, patterns, widths, X, Y, a)
            N = evaluate(w, widths, X, Y, a, dict(zip(kinks, c)))[0]
            notes[-1] += f", {len(patterns)} adjacent patterns, Clarke-hull distance {mp.nstr(dist, 3)}, N = {mp.nstr(N, 8)}"
            if dist < mp.mpf("1e-20") and cos >= 1 - eps:
                return "a", f"Clarke KKT point on the face within the tolerance ({'; '.join(notes)})"
            if not patterns:
                # degenerate kinks (dependent kink gradients): first-order adjacency decides nothing
                return "c", f"the face has an ad-KKT point near the limit but its kinks are degenerate (no pattern adjacent to first order): undecided ({'; '.join(notes)})"
            if best is None:
                best = (dist, cos)
    if best is None:
        return "b", f"no KKT point on the limit's face near it: the flow had not converged ({'; '.join(notes)})"
    dist, cos = best
    if dist >= mp.mpf("1e-20"):
        return "b", f"the face's ad-KKT point is outside the Clarke hull ({'; '.join(notes)})"
    return "b", f"the nearest face KKT point is farther than the tolerance ({'; '.join(notes)})"


def balanced(u, widths):
    nl = norms(u, widths)
    L = len(widths) - 1
    out, o = [], 0
    for l in range(L):
        size = widths[l + 1] * widths[l]
        s = 1 / mp.sqrt(L * nl[l]) if nl[l] > 0 else 1
        out += [v * s for v in u[o: o + size]]
        o += size
    return out


if __name__ == "__main__":
    inst = json.load(open(sys.argv[1]))
    u = json.load(open(sys.argv[2])) if len(sys.argv) > 2 else None
    cls, why = classify(inst, u, float(sys.argv[3]) if len(sys.argv) > 3 else 1e-3)
    print(cls, why)
