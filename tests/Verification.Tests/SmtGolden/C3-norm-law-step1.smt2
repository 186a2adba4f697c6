; checker certificate for C3 on instance "polynomial-deep", network [2, 2, 2, 1] polyrelu:2
; proves: (step 1 of the norm law) at a KKT point g = lambda*u, so <W_l, g_l> = lambda*||W_l||^2 for every layer l,
; a ring identity in the weights (g any Clarke element with g = lambda*u). Step 2 uses it.
; The asserted negation of the conclusion is unsatisfiable over the reals.
; expected: unsat
(set-logic QF_NRA)
(declare-const w1_0_0 Real)
(declare-const w1_0_1 Real)
(declare-const w1_1_0 Real)
(declare-const w1_1_1 Real)
(declare-const w2_0_0 Real)
(declare-const w2_0_1 Real)
(declare-const w2_1_0 Real)
(declare-const w2_1_1 Real)
(declare-const w3_0_0 Real)
(declare-const w3_0_1 Real)
(declare-const lambda Real)
(define-fun g0 () Real (* lambda w1_0_0))
(define-fun g1 () Real (* lambda w1_0_1))
(define-fun g2 () Real (* lambda w1_1_0))
(define-fun g3 () Real (* lambda w1_1_1))
(define-fun g4 () Real (* lambda w2_0_0))
(define-fun g5 () Real (* lambda w2_0_1))
(define-fun g6 () Real (* lambda w2_1_0))
(define-fun g7 () Real (* lambda w2_1_1))
(define-fun g8 () Real (* lambda w3_0_0))
(define-fun g9 () Real (* lambda w3_0_1))
(assert (or (not (= (+ (* w1_0_0 g0) (* w1_0_1 g1) (* w1_1_0 g2) (* w1_1_1 g3)) (* lambda (+ (* w1_0_0 w1_0_0) (* w1_0_1 w1_0_1) (* w1_1_0 w1_1_0) (* w1_1_1 w1_1_1))))) (not (= (+ (* w2_0_0 g4) (* w2_0_1 g5) (* w2_1_0 g6) (* w2_1_1 g7)) (* lambda (+ (* w2_0_0 w2_0_0) (* w2_0_1 w2_0_1) (* w2_1_0 w2_1_0) (* w2_1_1 w2_1_1))))) (not (= (+ (* w3_0_0 g8) (* w3_0_1 g9)) (* lambda (+ (* w3_0_0 w3_0_0) (* w3_0_1 w3_0_1)))))))
(check-sat)
