#!/usr/bin/env bash
# Benchmark `lectio align` on long inputs: the German–French development set repeated until
# each side has 12,000+ sentences (26 times: 12,168 × 14,404, the "12k × 12k" of issue 19,
# target under 1.5 s wall on 2 cores) and, for the linearity and memory check, twice that,
# one sentence per line. Prints wall time, CPU time and peak memory (GNU time). Needs
# ../shared/align-dev.
#
#   scripts/bench-align.sh            # 12k and 24k
#   REPEAT="22" scripts/bench-align.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dev=""
for d in ../shared/align-dev ../../shared/align-dev; do
  [ -d "$d" ] && dev="$d" && break
done
[ -n "$dev" ] || { echo "error: ../shared/align-dev not found" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/lectio
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for rep in ${REPEAT:-26 52}; do
  : >"$tmp/src.de"; : >"$tmp/tgt.fr"
  for _ in $(seq "$rep"); do cat "$dev/dev.de" >>"$tmp/src.de"; cat "$dev/dev.fr" >>"$tmp/tgt.fr"; done
  n=$(wc -l <"$tmp/src.de"); m=$(wc -l <"$tmp/tgt.fr")
  # 0 (no findings) or 1 (findings); any other exit is a failed run: stop, never time it.
  rc=0
  RAYON_NUM_THREADS=2 /usr/bin/time -f "%e s wall, %U s user, %M KiB peak" \
    "$bin" align --segmented --source-lang de --target-lang fr --format beads \
    "$tmp/src.de" "$tmp/tgt.fr" >"$tmp/out.beads" 2>"$tmp/time" || rc=$?
  if ((rc > 1)); then
    echo "bench-align: FAILED (exit $rc)" >&2; tail -n 5 "$tmp/time" >&2; exit 1
  fi
  echo "$n x $m sentences: $(tail -1 "$tmp/time"), $(wc -l <"$tmp/out.beads") beads"
done
# Quality on the development set.
"$bin" align --segmented --format beads --gold "$dev/dev.defr" "$dev/dev.de" "$dev/dev.fr"
