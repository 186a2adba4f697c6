#!/usr/bin/env bash
# Mutation testing of the proof-critical files (issue 15, docs/mutation.md) with Stryker.NET, pinned in
# .config/dotnet-tools.json. Not part of CI's default run: one group takes 10-40 minutes on two shared cores.
#
#   bench/mutation.sh                  # every group, one after the other
#   bench/mutation.sh rational interval
#   bench/mutation.sh verdicts+model-checker+certificates   # one joint run (one compile of the mutants)
#
# Each group (bench/mutation/GROUP.json) mutates a few files only and runs only the tests aimed at them
# (test-case-filter), so its score is a lower bound for the whole suite's. Concurrency 1 under nice -n 15 by default: the
# machine's two cores are shared. Reports: StrykerOutput/GROUP/reports/mutation-report.{json,html}; the log
# StrykerOutput/GROUP.log shows one character per tested mutant (dots reporter: . killed, S survived, T timeout).
#
#   MUTATION_NICE=0 MUTATION_CONCURRENCY=2 bench/mutation.sh reduced   # when the run should have the cores
#   MUTATION_AUTOGROUP_NICE=-10 ...   # see below
#
# The kernel groups processes by session (sched_autogroup) and shares the CPU between groups first, so `nice` in another
# engineer's shell does not give way to this run; MUTATION_AUTOGROUP_NICE sets the nice value of this run's own session
# group (a negative value needs root), which is what actually gives it the cores on a shared machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dotnet tool restore >/dev/null
# Stryker analyses projects with Buildalyzer, which gives up on `dotnet --info` after 10 s ("Could not find build
# environment"); under nice -n 15 on loaded shared cores it takes longer, so allow two minutes.
export DOTNET_INFO_WAIT_TIME=${DOTNET_INFO_WAIT_TIME:-120000}
if [ -n "${MUTATION_AUTOGROUP_NICE:-}" ] && [ -w /proc/self/autogroup ]; then
    echo "$MUTATION_AUTOGROUP_NICE" >/proc/self/autogroup || echo "bench/mutation.sh: could not set the autogroup nice value" >&2
fi

all=(rational interval model-checker verdicts certificates reduced clarke)
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=("${all[@]}")

mkdir -p "$root/StrykerOutput"
for g in "${groups[@]}"; do
    cfg="$root/bench/mutation/$g.json"
    if [[ "$g" == *+* ]]; then
        # "a+b+c": one Stryker run over the union of the groups' files and test filters. Stryker compiles every mutant of
        # the project before it filters by file (~6 min on the shared machine), so a joint run pays that once.
        parts=()
        IFS=+ read -ra names <<<"$g"
        for p in "${names[@]}"; do
            [ -f "$root/bench/mutation/$p.json" ] || { echo "bench/mutation.sh: no group \"$p\" (expected one of: ${all[*]})" >&2; exit 2; }
            [ "$p" != rational ] || { echo "bench/mutation.sh: rational runs another test project; run it alone" >&2; exit 2; }
            parts+=("$root/bench/mutation/$p.json")
        done
        cfg="$root/StrykerOutput/$g.json"
        jq -s '.[0] * {"stryker-config": {mutate: (map(."stryker-config".mutate) | add),
            "test-case-filter": (map(."stryker-config"."test-case-filter") | join("|"))}}' "${parts[@]}" >"$cfg"
    fi
    [ -f "$cfg" ] || { echo "bench/mutation.sh: no group \"$g\" (expected one of: ${all[*]})" >&2; exit 2; }
    # The test project each group runs (Stryker is started from its directory).
    case "$g" in
        rational) dir=tests/Symbolic.Tests ;;
        *) dir=tests/Verification.Tests ;;
    esac
    # A group whose files do not exist yet (the Clarke engine before it lands) is skipped, not failed.
    if ! jq -r '."stryker-config".mutate[]' "$cfg" | sed 's#^\*\*/##' | while read -r pat; do compgen -G "$root"/*/"$pat" >/dev/null && exit 0; done; then
        echo "== $g: no file matches its patterns yet, skipped"; continue
    fi
    out="$root/StrykerOutput/$g"
    rm -rf "$out"
    start=$(date +%s)
    extra=()
    [ -z "${MUTATION_CONCURRENCY:-}" ] || extra+=(--concurrency "$MUTATION_CONCURRENCY")
    (cd "$dir" && nice -n "${MUTATION_NICE:-15}" dotnet stryker --config-file "$cfg" --output "$out" --skip-version-check "${extra[@]}") | tee "$out.log" | grep -E "mutants|score|ERR" || true
    end=$(date +%s)
    report="$out/reports/mutation-report.json"
    [ -f "$report" ] || { echo "== $g: no report (see $out.log)" >&2; exit 1; }
    echo "== $g: $((end - start)) s"
    # Per file: killed (incl. timeouts) / (killed + survived + no coverage); compile errors and ignored mutants do not count.
    jq -r '.files | to_entries[] | .key as $f | [.value.mutants[].status] as $s |
        ($s | map(select(. == "Killed" or . == "Timeout")) | length) as $k |
        ($s | map(select(. == "Survived" or . == "NoCoverage")) | length) as $u | select($k + $u > 0) |
        "   \($f | sub(".*/(?<p>[^/]+/[^/]+)$"; "\(.p)")): \($k) killed, \($u) survived, score \(if $k + $u > 0 then ($k * 1000 / ($k + $u) | floor) / 10 else "n/a" end) %"' "$report"
    jq -r '.files | to_entries[] | .key as $f | .value.source as $src | .value.mutants[] | select(.status == "Survived" or .status == "NoCoverage") |
        "   survivor \($f | sub(".*/"; "")):\(.location.start.line) \(.mutatorName): \(.replacement // "" | gsub("\n"; " ") | .[0:80])"' "$report"
done
