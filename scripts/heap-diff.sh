#!/usr/bin/env bash
# Peak heap of `lectio diff --format json` on generated witness pairs, against the input, with
# valgrind's massif (exact allocation, unlike RSS, which also counts the binary's pages and the
# allocator's free memory). The floor is the heap peak on two one-word files.
#
#   scripts/heap-diff.sh                  # 10k and 100k words at 1 % and 10 %
#   SIZES="10k" RATES="0.10" scripts/heap-diff.sh
#
# Needs: python3, valgrind (massif). Slow at 1M words (valgrind runs the code ~30× slower).
set -euo pipefail

# shellcheck source=scripts/bench-env.sh
. "$(dirname "$0")/bench-env.sh"
SIZES=${SIZES:-"10k 100k"}
RATES=${RATES:-"0.01 0.10"}
WORK=${WORK:-$(mktemp -d /tmp/lectio-heap.XXXXXX)}

command -v valgrind >/dev/null || { echo "heap-diff.sh: needs valgrind" >&2; exit 2; }
(cd "$ROOT" && cargo build --release --quiet)
LECTIO=$ROOT/target/release/lectio

# peak A B: the largest heap (useful + allocator's per-block overhead) massif saw, in bytes.
peak() {
    valgrind --tool=massif --massif-out-file="$WORK/massif.out" "$LECTIO" diff --format json \
        "$1" "$2" >/dev/null 2>&1 || true
    awk -F= '/^mem_heap_B=/ {h = $2} /^mem_heap_extra_B=/ {t = h + $2; if (t > m) m = t} END {print m}' \
        "$WORK/massif.out"
}

printf 'a\n' >"$WORK/a.txt"
printf 'b\n' >"$WORK/b.txt"
floor=$(peak "$WORK/a.txt" "$WORK/b.txt")
echo "| pair | input KB | heap peak KB | above floor ÷ input |"
echo "|---|---|---|---|"
for size in $SIZES; do
    for rate in $RATES; do
        dir=$WORK/$size-$rate
        python3 "$GEN" --base "$BASE" --words "$size" --witnesses 1 --rate "$rate" --seed 1 \
            --fresh 0.3 --out "$dir" >/dev/null
        input=$(( $(stat -c %s "$dir/base.txt") + $(stat -c %s "$dir/w00.txt") ))
        p=$(peak "$dir/base.txt" "$dir/w00.txt")
        echo "| $size $(awk -v r="$rate" 'BEGIN {printf "%g", r * 100}') % | $((input / 1024)) | $((p / 1024)) | $(awk -v p="$p" -v f="$floor" -v i="$input" 'BEGIN {printf "%.2f×", (p - f) / i}') |"
    done
done
echo
echo "Floor (two one-word files): $((floor / 1024)) KB of heap."
