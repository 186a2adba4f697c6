; checker certificate for C3 on instance "polynomial-deep", network [2, 2, 2, 1] polyrelu:2
; proves: (step 2 of the norm law) at every KKT point with N(u) /= 0, ||W_l||^2 = p^(L-l)/Lambda for every layer (Lambda = 7).
; Over the per-layer aggregates n_l = ||W_l||^2 and e_l = <W_l, g_l> (g = lambda*u a Clarke element of dN(u)):
; sum_l n_l = 1 (||u|| = 1); e_l = lambda*n_l (step 1); e_l = p^(L-l)*N (per-layer Euler, which the '-euler-' files of
; this claim prove for every pattern piece; every Clarke element is a convex combination of piece gradients at the
; point and the identities are linear in g); N /= 0.
; The asserted negation of the conclusion is unsatisfiable over the reals.
; expected: unsat
(set-logic QF_NRA)
(declare-const lambda Real)
(declare-const N Real)
(declare-const n1 Real)
(declare-const e1 Real)
(assert (>= n1 0.0))
(assert (= e1 (* lambda n1)))
(assert (= e1 (* 4.0 N)))
(declare-const n2 Real)
(declare-const e2 Real)
(assert (>= n2 0.0))
(assert (= e2 (* lambda n2)))
(assert (= e2 (* 2.0 N)))
(declare-const n3 Real)
(declare-const e3 Real)
(assert (>= n3 0.0))
(assert (= e3 (* lambda n3)))
(assert (= e3 (* 1.0 N)))
(assert (= (+ n1 n2 n3) 1.0))
(assert (not (= N 0.0)))
(assert (or (not (= n1 (/ 4 7))) (not (= n2 (/ 2 7))) (not (= n3 (/ 1 7)))))
(check-sat)
