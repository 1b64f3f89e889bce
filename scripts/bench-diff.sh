#!/usr/bin/env bash
# Benchmark `lectio diff` against git's word diff, wdiff and dwdiff on the same generated
# witness pairs, and measure how many injected variants lectio finds.
#
#   scripts/bench-diff.sh            # full run, writes the table into BENCHMARKS.md
#   SIZES="10k 100k" RUNS=3 scripts/bench-diff.sh   # a quicker subset
#
# Pairs come from ../shared/bench/gen_corpus.py (deterministic, seeded): base.txt against
# w00.txt at 1 % and 10 % word-level change with `--fresh FRESH` (repeats of the letter that
# differ, as a long real text does), the same without `--fresh` at REPEAT_RATES ("repeats":
# every sentence of the letter occurs ~800 times at 1M words, so no word is unique), plus a
# 1M-word 1 % pair whose witness is re-wrapped at 60 columns (`--wrap 60`).
# The floor is the `diff_floor` example: reading and tokenizing both texts, nothing else;
# "÷ floor" states lectio's time as a multiple of it. Wall time is the median of RUNS runs; peak memory
# is the largest max RSS (GNU time). "Edits over minimal" sets lectio's edit count against the
# minimal one, which the `min_edits` example computes exactly (bit-parallel LCS) for every pair;
# its output and timing are kept in the work directory (min.txt, min.err).
# Needs: python3, git, wdiff, dwdiff, /usr/bin/time.
set -euo pipefail

# shellcheck source=scripts/bench-env.sh
. "$(dirname "$0")/bench-env.sh"
SIZES=${SIZES:-"10k 100k 1M"}
RATES=${RATES:-"0.01 0.10"}
RUNS=${RUNS:-5}
FRESH=${FRESH:-0.3}
REPEAT_RATES=${REPEAT_RATES:-"0.10"}
# dwdiff is skipped on repeats pairs above this many words (it takes minutes there).
DWDIFF_REPEATS_MAX=${DWDIFF_REPEATS_MAX:-100k}
SEED=${SEED:-1}
WORK=${WORK:-$(mktemp -d /tmp/lectio-bench.XXXXXX)}
OUT_MD=${OUT_MD:-$ROOT/BENCHMARKS.md}
TIME=/usr/bin/time

(cd "$ROOT" && cargo build --release --quiet && cargo build --release --quiet --example min_edits --example diff_floor)
LECTIO=$ROOT/target/release/lectio
MIN_EDITS=$ROOT/target/release/examples/min_edits
FLOOR=$ROOT/target/release/examples/diff_floor

have() { command -v "$1" >/dev/null 2>&1; }

# measure OUTFILE CMD... : prints "median_wall_seconds max_rss_kb median_cpu_seconds".
# Every tool here exits 0 (no differences) or 1 (differences); any other exit is a failed run,
# which is never timed: measure fails, and the caller's `res=$(measure …)` stops the script.
measure() {
    local out=$1; shift
    local times=() cpus=() rss=0 i rc
    for ((i = 0; i < RUNS; i++)); do
        local t0=$EPOCHREALTIME
        rc=0
        "$TIME" -f "%M %U %S" -o "$WORK/time.txt" "$@" >"$out" 2>"$WORK/stderr.txt" || rc=$?
        local t1=$EPOCHREALTIME
        if ((rc > 1)); then
            echo "bench-diff: FAILED (exit $rc): $*" >&2
            tail -n 5 "$WORK/stderr.txt" >&2
            return 1
        fi
        # GNU time prefixes a "Command exited with non-zero status" line; keep the last line.
        read -r m u s < <(tail -n1 "$WORK/time.txt")
        cpus+=("$(awk -v a="$u" -v b="$s" 'BEGIN {printf "%.2f", a + b}')")
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')")
        ((m > rss)) && rss=$m
    done
    local med='sort -g | awk '"'"'{a[NR]=$1} END {print a[int((NR+1)/2)]}'"'"
    printf '%s %s %s\n' "$(printf '%s\n' "${times[@]}" | eval "$med")" "$rss" \
        "$(printf '%s\n' "${cpus[@]}" | eval "$med")"
}

# The process's floor: peak RSS of the same command on two one-word files (the binary, the
# thread pool, the allocator's arenas). "Above floor" divides what is left by the input.
printf 'a\n' >"$WORK/floor-a.txt"
printf 'b\n' >"$WORK/floor-b.txt"
res=$(measure "$WORK/floor.json" "$LECTIO" diff --format json "$WORK/floor-a.txt" "$WORK/floor-b.txt")
read -r _ FLOOR_KB _ <<<"$res"

rows=()
words() { local w=${1/k/000}; echo "${w/M/000000}"; }
run_case() {
    local size=$1 rate=$2 wrap=$3 fresh=${4:-$FRESH}
    local dir=$WORK/$size-$rate-w$wrap
    local fresh_arg=(--fresh "$fresh")
    if [ "$fresh" = 0 ]; then
        dir=$WORK/$size-$rate-repeats
        fresh_arg=()
    fi
    python3 "$GEN" --base "$BASE" --words "$size" --witnesses 1 --rate "$rate" \
        --seed "$SEED" "${fresh_arg[@]}" --wrap "$wrap" --out "$dir" >/dev/null
    local a=$dir/base.txt b=$dir/w00.txt
    local in_kb=$(( ($(stat -c %s "$a") + $(stat -c %s "$b")) / 1024 ))
    res=$(measure "$dir/floor.txt" "$FLOOR" "$a" "$b")
    read -r ft _ _ <<<"$res"
    res=$(measure "$dir/lectio.json" "$LECTIO" diff --format json "$a" "$b")
    read -r lt lm lc <<<"$res"
    res=$(measure "$dir/git.txt" git diff --no-index --word-diff=porcelain --histogram "$a" "$b")
    read -r gt gm gc <<<"$res"
    local wt=- wm=- dt=- dm=-
    if have wdiff; then res=$(measure "$dir/wdiff.txt" wdiff "$a" "$b"); read -r wt wm _ <<<"$res"; fi
    if have dwdiff && { [ "$fresh" != 0 ] || (( $(words "$size") <= $(words "$DWDIFF_REPEATS_MAX") )); }; then
        res=$(measure "$dir/dwdiff.txt" dwdiff "$a" "$b"); read -r dt dm _ <<<"$res"
    fi
    # The minimal edit count (token insertions + deletions), keyed as lectio keys by default.
    local minimal=-
    if "$MIN_EDITS" "$a" "$b" >"$dir/min.txt" 2>"$dir/min.err"; then
        minimal=$(cat "$dir/min.txt")
    fi
    local row
    row=$(python3 - "$dir" "$lt" "$lm" "$gt" "$gm" "$wt" "$wm" "$dt" "$dm" "$in_kb" "$size" "$rate" "$wrap" "$minimal" "$lc" "$gc" "$FLOOR_KB" "$ft" "$fresh" <<'PY'
import bisect, json, re, sys
d, lt, lm, gt, gm, wt, wm, dt, dm, in_kb, size, rate, wrap, least, lc, gc, floor, ft, fresh = sys.argv[1:]
base = open(f"{d}/base.txt", encoding="utf-8").read()
# Byte offsets (lectio's), from the character offsets of str.split() words.
spans, pos, prev = [], 0, 0
for m in re.finditer(r"\S+", base):
    pos += len(base[prev:m.start()].encode())
    start = pos
    pos += len(m.group().encode())
    prev = m.end()
    spans.append((start, pos))
base = base.encode()
truth = json.load(open(f"{d}/truth.json"))["witnesses"][0]["mutations"]
doc = json.load(open(f"{d}/lectio.json"))
vs = sorted((v["old"]["bytes"][0], v["old"]["bytes"][1]) for v in doc["variants"])
starts = [s for s, _ in vs]
def hit(ms, me):
    k = bisect.bisect_right(starts, me + 1)
    for s, e in vs[max(0, k - 3):k]:
        if s <= me + 1 and e >= ms - 1:
            return True
    return False
found = 0
for m in truth:
    p, n = m["pos"], m["len"]
    if n == 0:
        ms = me = spans[p][0] if p < len(spans) else len(base)
    else:
        ms, me = spans[p][0], spans[min(p + n, len(spans)) - 1][1]
    found += hit(ms, me)
recall = found / max(1, len(truth))
git_words = 0
for line in open(f"{d}/git.txt", encoding="utf-8", errors="replace"):
    if line[:1] in "+-" and not line.startswith(("+++", "---")):
        git_words += len(line[1:].split())
edits = doc["edits"]
minimal = "-"
if least != "-":
    minimal = f"{(edits - int(least)) / max(1, int(least)) * 100:.3f} %"
f = lambda x: float(x) if x != "-" else None
ratio = lambda t: f"{f(t) / f(lt):.1f}×" if f(t) and f(lt) else "-"
mb = lambda k: f"{int(k) / 1024:.0f}" if k != "-" else "-"
case = f"{size} {float(rate) * 100:.0f} %" + (f" wrap {wrap}" if wrap != "0" else "") + (" repeats" if fresh == "0" else f" fresh {fresh}")
over_floor = f"{f(lt) / f(ft):.1f}×" if f(ft) else "-"
print(f"| {case} | {lt} | {ft} | {over_floor} | {gt} ({ratio(gt)}) | {lc} / {gc} | {wt} ({ratio(wt)}) | {dt} ({ratio(dt)}) | "
      f"{mb(lm)} / {int(in_kb) / 1024:.1f} = {int(lm) / int(in_kb):.1f}× | "
      f"{(int(lm) - int(floor)) / int(in_kb):.1f}× | {mb(gm)} | "
      f"{len(truth)} | {doc['stats']['variants']} | {recall * 100:.1f} % | {git_words} | {minimal} |")
PY
)
    echo "$row"
    rows+=("$row")
}

for size in $SIZES; do
    for rate in $RATES; do
        run_case "$size" "$rate" 0
    done
    for rate in $REPEAT_RATES; do
        run_case "$size" "$rate" 0 0
    done
done
case " $SIZES " in *" 1M "*) run_case 1M 0.01 60 ;; esac

# Adversarial inputs (reliability plan G3): one token repeated 1M times with one change in
# the middle, 1M distinct tokens on each side with nothing shared, and 200k distinct tokens
# against a permutation of them; and, for the line pass, 1M one-token lines against every
# third deleted, and 250k short repeated lines with changed and deleted ones. Each must
# finish within the deadline (10 s) + 1 s.
adv=()
if [ "${ADVERSARIAL:-1}" = 1 ]; then
    python3 - "$WORK" <<'PY'
import sys
w = sys.argv[1]
n = 1_000_000
open(f"{w}/rep-a.txt", "w").write("a " * n)
open(f"{w}/rep-b.txt", "w").write("a " * (n // 2) + "b " + "a " * (n // 2))
open(f"{w}/dis-a.txt", "w").write("".join(f"x{i} " for i in range(n)))
open(f"{w}/dis-b.txt", "w").write("".join(f"y{i} " for i in range(n)))
m = 200_000
open(f"{w}/perm-a.txt", "w").write("".join(f"t{i} " for i in range(m)))
open(f"{w}/perm-b.txt", "w").write("".join(f"t{(i * 7919) % m} " for i in range(m)))
open(f"{w}/lines-a.txt", "w").write("x\n" * n)
open(f"{w}/lines-b.txt", "w").write("".join("x\n" for i in range(n) if i % 3))
q = n // 4
open(f"{w}/short-a.txt", "w").write("".join(f"the party of {i % 7}\n" for i in range(q)))
open(f"{w}/short-b.txt", "w").write("".join(
    (f"the party of {i % 7}\n" if i % 5 else f"the partei of {i % 7}\n") for i in range(q) if i % 11))
PY
    for c in rep dis perm lines short; do
        t0=$EPOCHREALTIME
        rc=0
        "$TIME" -f "%M" -o "$WORK/time.txt" timeout 30 "$LECTIO" diff --stat "$WORK/$c-a.txt" "$WORK/$c-b.txt" >"$WORK/$c.out" 2>"$WORK/$c.err" || rc=$?
        t1=$EPOCHREALTIME
        # 0 or 1 (differences); a crash, or the 30 s timeout (124), stops the benchmark.
        if ((rc > 1)); then
            echo "bench-diff: FAILED (exit $rc): lectio diff --stat $c" >&2
            tail -n 5 "$WORK/$c.err" >&2
            exit 1
        fi
        m=$(tail -n1 "$WORK/time.txt")
        v=$(head -n1 "$WORK/$c.out" | sed 's/.*: \([0-9]*\) variant.*/\1/')
        approx=$(grep -c approximate "$WORK/$c.out") || [[ $? -eq 1 ]]
        local_in=$(( $(stat -c %s "$WORK/$c-a.txt") + $(stat -c %s "$WORK/$c-b.txt") ))
        adv+=("| $c | $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}') | $((m / 1024)) | $(awk -v b="$local_in" 'BEGIN {printf "%.1f", b / 1048576}') | $(awk -v m="$m" -v b="$local_in" 'BEGIN {printf "%.1f", m * 1024 / b}') | $v | $([ "$approx" -gt 0 ] && echo yes || echo no) |")
        echo "${adv[-1]}"
    done
fi

CMD="SIZES=\"$SIZES\" RATES=\"$RATES\" REPEAT_RATES=\"$REPEAT_RATES\" RUNS=$RUNS FRESH=$FRESH scripts/bench-diff.sh"
{
    echo "<!-- bench-diff:start -->"
    echo "Command: \`$CMD\` on $(nproc) cores ($(date -u +%Y-%m-%d), $(uname -m); $(git --version), wdiff $(wdiff --version 2>/dev/null | head -n1 | awk '{print $NF}'), dwdiff $(dwdiff --version 2>/dev/null | head -n1 | awk '{print $NF}'))."
    echo "Generator: \`gen_corpus.py --witnesses 1 --seed $SEED --fresh $FRESH\` on the letter (en-wikirouge); *repeats* rows without \`--fresh\` (every sentence repeats; dwdiff skipped there above $DWDIFF_REPEATS_MAX words)."
    echo "*Floor* is \`examples/diff_floor\` (read and tokenize both texts, nothing else); *÷ floor* is lectio's time over it."
    echo
    echo "Peak memory is max RSS; *above floor* is (peak − $(awk -v k="$FLOOR_KB" 'BEGIN {printf "%.1f", k / 1024}') MB, lectio's peak on two one-word files) ÷ input."
    echo
    echo "| pair | lectio s | floor s | ÷ floor | git word-diff s (÷lectio) | CPU s lectio / git | wdiff s | dwdiff s | lectio peak MB / input MB | above floor | git peak MB | injected | lectio variants | recall | git changed words | edits over minimal |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    if [ "${#adv[@]}" -gt 0 ]; then
        echo
        echo "Adversarial inputs (\`lectio diff --stat\`): \`rep\` = one token 1M times against the same with one token inserted mid-way; \`dis\` = 1M distinct tokens against 1M other distinct tokens; \`perm\` = 200k distinct tokens against a permutation of them; \`lines\` = 1M one-token lines against every third deleted; \`short\` = 250k repeated four-token lines against a fifth changed and an eleventh deleted."
        echo
        echo "| input | wall s | peak MB | input MB | peak ÷ input | variants | deadline reached |"
        echo "|---|---|---|---|---|---|---|"
        printf '%s\n' "${adv[@]}"
    fi
    echo "<!-- bench-diff:end -->"
} >"$WORK/table.md"

if [ -f "$OUT_MD" ] && grep -q "bench-diff:start" "$OUT_MD"; then
    python3 - "$OUT_MD" "$WORK/table.md" <<'PY'
import re, sys
md, table = open(sys.argv[1]).read(), open(sys.argv[2]).read().rstrip("\n")
md = re.sub(r"<!-- bench-diff:start -->.*<!-- bench-diff:end -->", lambda _: table, md, flags=re.S)
open(sys.argv[1], "w").write(md)
PY
else
    cat "$WORK/table.md" >>"$OUT_MD"
fi
echo "table written to $OUT_MD (work files in $WORK)"
