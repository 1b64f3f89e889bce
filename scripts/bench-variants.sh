#!/usr/bin/env bash
# Benchmark `lectio variants` (all pairs) and `lectio report`.
#
#   scripts/bench-variants.sh                  # 100 witnesses x 10k words, RUNS=3
#   WITNESSES=20 WORDS=10k RUNS=1 scripts/bench-variants.sh   # a quicker subset
#
# 1. Generates WITNESSES witnesses of WORDS words (../shared/bench/gen_corpus.py, seeded, 1 %
#    word-level mutations, --fresh 0.3), then times `lectio variants FILES… --no-places
#    --format json` with RAYON_NUM_THREADS=1 and =2 (median wall time of RUNS runs, peak RSS
#    from GNU time) and checks that both outputs are byte-identical. It also times the same
#    run at half the witnesses (memory must grow with witnesses, not pairs: 4x the pairs,
#    ~2x the memory) and the run with the collation (`places`) on.
# 2. Times `lectio report` on the shipped editions/.
# Prints a Markdown table on standard output (docs/variants.md keeps the last one).
# On a shared machine wall times depend on the load: the table records the load average and
# the CPU time (user+sys) too; NICE=-10 (root only) runs lectio at a higher priority so that
# it gets the cores it asks for.
set -euo pipefail

# shellcheck source=scripts/bench-env.sh
. "$(dirname "$0")/bench-env.sh"
WITNESSES=${WITNESSES:-100}
WORDS=${WORDS:-10k}
RUNS=${RUNS:-3}
WORK=${WORK:-$(mktemp -d /tmp/lectio-bench-variants.XXXXXX)}
TIME=/usr/bin/time

(cd "$ROOT" && cargo build --release --quiet)
LECTIO=$ROOT/target/release/lectio

CORPUS=$WORK/c$WITNESSES
[ -f "$CORPUS/w00.txt" ] || python3 "$GEN" --base "$BASE" --words "$WORDS" \
    --witnesses "$WITNESSES" --rate 0.01 --fresh 0.3 --seed 1 --out "$CORPUS" >/dev/null

NICE=${NICE:-0}
# measure OUT CMD... (env from the caller): prints "median_wall_s max_rss_mib median_cpu_s"
# `variants` and `report` exit 0 or 1 (differences); any other exit is a failed run, never
# timed: measure fails, and the caller's `res=$(measure …)` stops the script.
measure() {
    local out=$1; shift
    local times=() cpus=() rss=0 i rc
    for ((i = 0; i < RUNS; i++)); do
        local t0=$EPOCHREALTIME
        rc=0
        nice -n "$NICE" "$TIME" -f "%M %U %S" -o "$WORK/time.txt" "$@" >"$out" 2>"$WORK/stderr.txt" || rc=$?
        local t1=$EPOCHREALTIME
        if ((rc > 1)); then
            echo "bench-variants: FAILED (exit $rc): $*" >&2
            tail -n 5 "$WORK/stderr.txt" >&2
            return 1
        fi
        times+=("$(echo "$t1 - $t0" | bc -l)")
        local r u s; read -r r u s < <(tail -1 "$WORK/time.txt")
        cpus+=("$(echo "$u + $s" | bc -l)")
        (( r > rss )) && rss=$r
    done
    local med; med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    local cpu; cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%.2f %.0f %.2f\n' "$med" "$(echo "$rss / 1024" | bc -l)" "$cpu"
}

# critical CMD... : runs CMD once, polling /proc for the CPU time of each of its threads, and
# prints "main_thread_cpu_s max_worker_cpu_s": on a loaded machine the wall time measures the
# neighbours, while main + busiest worker is what the run would take on free cores.
critical() {
    python3 - "$@" <<'PY'
import os, subprocess, sys, time
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
last = {}
while p.poll() is None:
    try:
        for t in os.listdir(f"/proc/{p.pid}/task"):
            try:
                with open(f"/proc/{p.pid}/task/{t}/schedstat") as f:
                    last[int(t)] = int(f.read().split()[0]) / 1e9
            except OSError:
                pass
    except OSError:
        pass
    time.sleep(0.01)
if p.returncode not in (0, 1):
    sys.exit(f"bench-variants: FAILED (exit {p.returncode}): {' '.join(sys.argv[1:])}")
main = last.pop(p.pid, 0.0)
print(f"{main:.2f} {max(last.values(), default=0.0):.2f}")
PY
}

mapfile -t FILES < <(ls "$CORPUS"/w*.txt)
HALF=("${FILES[@]:0:$(( ${#FILES[@]} / 2 ))}")
N=${#FILES[@]}
PAIRS=$(( N * (N - 1) / 2 ))
HN=${#HALF[@]}
HPAIRS=$(( HN * (HN - 1) / 2 ))

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
res=$(RAYON_NUM_THREADS=1 measure "$WORK/out1.json" "$LECTIO" variants "${FILES[@]}" --no-places --format json)
read -r t1 m1 c1 <<<"$res"
res=$(RAYON_NUM_THREADS=2 measure "$WORK/out2.json" "$LECTIO" variants "${FILES[@]}" --no-places --format json)
read -r t2 m2 c2 <<<"$res"
res=$(RAYON_NUM_THREADS=2 measure "$WORK/outh.json" "$LECTIO" variants "${HALF[@]}" --no-places --format json)
read -r th mh ch <<<"$res"
res=$(RAYON_NUM_THREADS=1 measure "$WORK/outp1.json" "$LECTIO" variants "${FILES[@]}" --format json)
read -r tp1 mp1 cpp1 <<<"$res"
res=$(RAYON_NUM_THREADS=2 measure "$WORK/outp.json" "$LECTIO" variants "${FILES[@]}" --format json)
read -r tp mp cp <<<"$res"
res=$(RAYON_NUM_THREADS=1 critical "$LECTIO" variants "${FILES[@]}" --format json)
read -r pm1 pw1 <<<"$res"
res=$(RAYON_NUM_THREADS=2 critical "$LECTIO" variants "${FILES[@]}" --format json)
read -r pm2 pw2 <<<"$res"
res=$(RAYON_NUM_THREADS=1 critical "$LECTIO" variants "${FILES[@]}" --no-places --format json)
read -r cm1 cw1 <<<"$res"
res=$(RAYON_NUM_THREADS=2 critical "$LECTIO" variants "${FILES[@]}" --no-places --format json)
read -r cm2 cw2 <<<"$res"
cp1=$(echo "$cm1 + $cw1" | bc -l); cp2=$(echo "$cm2 + $cw2" | bc -l)
pp1=$(echo "$pm1 + $pw1" | bc -l); pp2=$(echo "$pm2 + $pw2" | bc -l)
same=no; cmp -s "$WORK/out1.json" "$WORK/out2.json" && same=yes
psame=no; cmp -s "$WORK/outp1.json" "$WORK/outp.json" && psame=yes
speedup=$(echo "$t1 / $t2" | bc -l)
res=$(measure "$WORK/report.txt" "$LECTIO" --store "$ROOT/editions" report --out "$WORK/report.html")
read -r tr mr cr <<<"$res"

LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Machine: $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M') UTC, $(git -C "$ROOT" rev-parse --short HEAD), nice $NICE, load average $LOAD0 before / $LOAD1 after; corpus: $N witnesses x $WORDS words (gen_corpus.py --rate 0.01 --fresh 0.3 --seed 1); median of $RUNS runs."
echo
echo "| run | pairs | threads | wall (s) | CPU user+sys (s) | peak RSS (MiB) |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| variants, $N witnesses, --no-places | $PAIRS | 1 | $t1 | $c1 | $m1 |"
echo "| variants, $N witnesses, --no-places | $PAIRS | 2 | $t2 | $c2 | $m2 |"
echo "| variants, $HN witnesses, --no-places | $HPAIRS | 2 | $th | $ch | $mh |"
echo "| variants, $N witnesses, with places (collation) | $PAIRS | 1 | $tp1 | $cpp1 | $mp1 |"
echo "| variants, $N witnesses, with places (collation) | $PAIRS | 2 | $tp | $cp | $mp |"
echo "| report, shipped editions/ | | default | $tr | $cr | $mr |"
echo
printf 'Speed-up 1 → 2 threads (wall): %.2fx without places, %.2fx with places. Output identical with 1 and 2 threads: %s (without places), %s (with places).\n' "$speedup" "$(echo "$tp1 / $tp" | bc -l)" "$same" "$psame"
echo
echo "Critical path (CPU of the main thread + CPU of the busiest worker thread, from /proc/PID/task/*/schedstat; what the run takes on free cores):"
printf -- '- 1 thread: %.2f s (main %.2f + worker %.2f)\n' "$cp1" "$cm1" "$cw1"
printf -- '- 2 threads: %.2f s (main %.2f + busiest worker %.2f)\n' "$cp2" "$cm2" "$cw2"
printf -- '- speed-up on the critical path: %.2fx\n' "$(echo "$cp1 / $cp2" | bc -l)"
printf -- '- with places, 1 thread: %.2f s (main %.2f + worker %.2f); 2 threads: %.2f s (main %.2f + busiest worker %.2f); speed-up %.2fx\n' "$pp1" "$pm1" "$pw1" "$pp2" "$pm2" "$pw2" "$(echo "$pp1 / $pp2" | bc -l)"
