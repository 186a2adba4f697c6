"""Exact linear feasibility shared by the oracles (z3's Python API, linear real arithmetic; no Checker code).

sign_point: a point of a cell or face of a central arrangement; regions: the open regions (sign vectors) of one;
hull_weights: convex weights putting a target in the hull of given points."""
import itertools
from fractions import Fraction
import z3


def sign_point(xs, signs):
    """A rational d with sign(x_i·d) = signs[i] ('+', '-' or '0') for every non-zero x_i, or None when there is none."""
    dim = len(xs[0]); s = z3.Solver(); v = [z3.Real(f'd{j}') for j in range(dim)]
    for x, c in zip(xs, signs):
        if all(t == 0 for t in x): continue
        e = z3.Sum([z3.RealVal(str(t)) * vj for t, vj in zip(x, v)])
        s.add(e > 0 if c == '+' else e < 0 if c == '-' else e == 0)
    if s.check() != z3.sat: return None
    m = s.model()
    return [Fraction(str(m.eval(t, model_completion=True).as_fraction())) for t in v]


def regions(xs):
    """The sign vectors r in {+,-}^len(xs) whose open region {d : r_i x_i·d > 0} is non-empty."""
    return [''.join(r) for r in itertools.product('+-', repeat=len(xs)) if sign_point(xs, r) is not None]


def hull_weights(target, points):
    """Convex weights w (w ≥ 0, Σ w = 1, Σ w_k points[k] = target) as Fractions, or None when target is outside the hull."""
    s = z3.Solver(); mu = [z3.Real(f'm{k}') for k in range(len(points))]
    for u in mu: s.add(u >= 0)
    s.add(z3.Sum(mu) == 1)
    for j in range(len(target)):
        s.add(z3.Sum([mu[k] * z3.RealVal(str(points[k][j])) for k in range(len(points))]) == z3.RealVal(str(target[j])))
    if s.check() != z3.sat: return None
    m = s.model()
    return [Fraction(str(m.eval(u, model_completion=True).as_fraction())) for u in mu]


def is_convex_combination(weights, points, target):
    """Whether the given weights (exact) put target in the hull of points: checked in rationals, no solver."""
    if any(w < 0 for w in weights) or sum(weights) != 1: return False
    return all(sum(w * p[j] for w, p in zip(weights, points)) == target[j] for j in range(len(target)))
