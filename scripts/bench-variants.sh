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
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
[ -d "$SHARED/bench" ] || SHARED=/work/shared
GEN=$SHARED/bench/gen_corpus.py
BASE=${BASE:-$SHARED/editions-src/en-wikirouge-marxists-en.txt}
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

# measure OUT CMD... (env from the caller): prints "median_seconds max_rss_mib"
measure() {
    local out=$1; shift
    local times=() rss=0 i
    for ((i = 0; i < RUNS; i++)); do
        local t0=$EPOCHREALTIME
        "$TIME" -f "%M" -o "$WORK/time.txt" "$@" >"$out" 2>/dev/null || true
        local t1=$EPOCHREALTIME
        times+=("$(echo "$t1 - $t0" | bc -l)")
        local r; r=$(tail -1 "$WORK/time.txt")
        (( r > rss )) && rss=$r
    done
    local med; med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%.2f %.0f\n' "$med" "$(echo "$rss / 1024" | bc -l)"
}

mapfile -t FILES < <(ls "$CORPUS"/w*.txt)
HALF=("${FILES[@]:0:$(( ${#FILES[@]} / 2 ))}")
N=${#FILES[@]}
PAIRS=$(( N * (N - 1) / 2 ))
HN=${#HALF[@]}
HPAIRS=$(( HN * (HN - 1) / 2 ))

read -r t1 m1 < <(RAYON_NUM_THREADS=1 measure "$WORK/out1.json" "$LECTIO" variants "${FILES[@]}" --no-places --format json)
read -r t2 m2 < <(RAYON_NUM_THREADS=2 measure "$WORK/out2.json" "$LECTIO" variants "${FILES[@]}" --no-places --format json)
read -r th mh < <(RAYON_NUM_THREADS=2 measure "$WORK/outh.json" "$LECTIO" variants "${HALF[@]}" --no-places --format json)
read -r tp mp < <(RAYON_NUM_THREADS=2 measure "$WORK/outp.json" "$LECTIO" variants "${FILES[@]}" --format json)
same=no; cmp -s "$WORK/out1.json" "$WORK/out2.json" && same=yes
speedup=$(echo "$t1 / $t2" | bc -l)
read -r tr mr < <(measure "$WORK/report.txt" "$LECTIO" --store "$ROOT/editions" report --out "$WORK/report.html")

echo "Machine: $(nproc) cores, $(date -u +%Y-%m-%d), $(git -C "$ROOT" rev-parse --short HEAD); corpus: $N witnesses x $WORDS words (gen_corpus.py --rate 0.01 --fresh 0.3 --seed 1); median of $RUNS runs."
echo
echo "| run | pairs | threads | wall (s) | peak RSS (MiB) |"
echo "|---|---:|---:|---:|---:|"
echo "| variants, $N witnesses, --no-places | $PAIRS | 1 | $t1 | $m1 |"
echo "| variants, $N witnesses, --no-places | $PAIRS | 2 | $t2 | $m2 |"
echo "| variants, $HN witnesses, --no-places | $HPAIRS | 2 | $th | $mh |"
echo "| variants, $N witnesses, with places (collation) | $PAIRS | 2 | $tp | $mp |"
echo "| report, shipped editions/ | | 2 | $tr | $mr |"
echo
printf 'Speed-up 1 → 2 threads: %.2fx. Output identical with 1 and 2 threads: %s.\n' "$speedup" "$same"
