#!/usr/bin/env bash
# Independent cross-checks of the exact Clarke code (issue 11), written from docs/theory.md only and sharing no code
# with Checker: Python fractions + z3's Python API (Debian: python3-z3) for linear feasibility.
#
#   bench/oracles/run.sh [FIRST_SEED [LAST_SEED]]     # default seeds 1..40
#
# 1. Planted reduced problems (parallel, antiparallel, duplicate with cancelling label, zero input, three samples on one
#    line): `kkt --reduced --json` must list exactly the Clarke KKT points the independent enumeration finds, complete.
# 2. The K4 witness on examples/leaky-mixed-sign.json and the K3 witness on examples/leaky-deep.json: re-checked as
#    Clarke KKT points (arcs as ε-polynomials, gradients by backprop, hull membership by LP).
# Not part of CI (python3-z3 is not installed there); one seed takes 1-60 s.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
if ! $py -c 'import z3' 2>/dev/null; then echo "bench/oracles: anchor missing (python3-z3 not installed: apt-get install python3-z3); skipped"; exit 0; fi
first=${1:-1}; last=${2:-40}
dotnet build "$root/Cli" -c Release -v q >/dev/null || exit 1
checker="$root/Cli/bin/Release/net10.0/checker"
tmp=$(mktemp -d)
agree=0; disagree=0
for s in $(seq "$first" "$last"); do
    $py "$root/bench/oracles/planted_reduced_instance.py" "$s" >"$tmp/$s.json"
    "$checker" kkt "$tmp/$s.json" --reduced --json >"$tmp/$s.out" 2>"$tmp/$s.err"
    rc=$?
    if [ $rc -eq 2 ]; then echo "seed $s: rejected as bad input: $(cat "$tmp/$s.err")"; continue; fi
    if $py "$root/bench/oracles/reduced_clarke_oracle.py" "$tmp/$s.json" "$tmp/$s.out"; then agree=$((agree + 1)); else disagree=$((disagree + 1)); fi
done
echo "reduced: $agree agree, $disagree disagree (seeds $first..$last)"
# The conjecture witnesses: K4 on leaky-mixed-sign (two layers: adjacency recomputed from the arrangements) and K3 on
# leaky-deep (depth 3: the witness's arcs re-run as polynomials in ε), each with the hull membership re-decided.
for pair in "leaky-mixed-sign K4" "leaky-deep K3"; do
    set -- $pair
    "$checker" verify "$root/examples/$1.json" --claims "$2" --json 2>/dev/null >"$tmp/$2.json"
    $py -c "
import json; d=json.load(open('$tmp/$2.json')); k=[c for c in d['claims'] if c['id']=='$2'][0]
print('$2 on $1:', k['verdict'])
if k.get('witness'): json.dump(k['witness'], open('$tmp/$2.wit.json','w')); json.dump({'layers': k['witness']['weights']}, open('$tmp/$2.w.json','w'))"
    [ -f "$tmp/$2.wit.json" ] || { disagree=$((disagree + 1)); continue; }
    [ "$2" = K4 ] && { $py "$root/bench/oracles/clarke_two_layer.py" "$root/examples/$1.json" "$tmp/$2.w.json" || disagree=$((disagree + 1)); }
    $py "$root/bench/oracles/clarke_witness_arcs.py" "$root/examples/$1.json" "$tmp/$2.wit.json" own || disagree=$((disagree + 1))
done
rm -rf "$tmp"
[ $disagree -eq 0 ]
