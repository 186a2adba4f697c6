#!/usr/bin/env bash
# Issue 12's K1 census: random instances of `search`'s default family (d <= 2, n <= 3, [d, k <= 3, 1], relu or
# leaky:1/10, integers in [-2, 2], labels +-1..2), each decided by an independent exact oracle written from
# docs/theory.md (k1_two_layer_oracle.py: circle geometry in Python fractions, no code shared with Checker), then
# every instance with a counterexample and NEG without one run through `checker verify --claims K1`.
#
#   bench/oracles/k1_census.sh [SEED [COUNT [NEG]]]     # default 7 1500 60
#
# Prints how many oracle counterexamples check K1 finds and how many oracle negatives it flags (must be 0).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seed=${1:-7}; count=${2:-1500}; neg=${3:-60}
dotnet build "$root/Cli" -c Release -v q >/dev/null || exit 1
checker="$root/Cli/bin/Release/net10.0/checker"
tmp=$(mktemp -d)
python3 "$root/bench/oracles/k1_two_layer_oracle.py" "$seed" "$count" "$tmp" "$neg"
"$checker" verify --claims K1 --timeout 30 "$tmp"/census-*.json --json >"$tmp/verify.json" 2>/dev/null
python3 - "$tmp" <<'P'
import json, sys
d = sys.argv[1]; v = json.load(open(d + '/verify.json')); truth = json.load(open(d + '/truth.json'))
found = missed = alarms = negatives = 0
for inst in v['instances']:
    c = [c for c in inst['claims'] if c['id'] == 'K1'][0]
    if truth[inst['instance']]:
        if c['verdict'] == 'counterexample': found += 1
        else: missed += 1; print('missed', inst['instance'], c['verdict'], c['detail'][:160])
    else:
        negatives += 1
        if c['verdict'] == 'counterexample': alarms += 1; print('flagged without an oracle counterexample', inst['instance'])
print(f"K1 census: check K1 finds {found}/{found + missed} oracle counterexamples; flags {alarms}/{negatives} oracle negatives")
sys.exit(0 if missed == 0 and alarms == 0 else 1)
P
rc=$?
rm -rf "$tmp"
exit $rc
