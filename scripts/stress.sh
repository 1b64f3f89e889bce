#!/usr/bin/env bash
# Resource-limit stress runs for the word-diff engine (reliability plan D10, G2–G4; results in
# RELIABILITY.md). Sizes are beyond what `cargo test` runs; each case prints its wall
# time, peak RSS and outcome, and the script exits non-zero when a case breaks its bound.
#
#   scripts/stress.sh                # uses target/release/lectio (built if missing)
#   LECTIO=path/to/lectio DEADLINE=5 SLACK=10 scripts/stress.sh
#
# Every diff result is checked for correctness: the JSON variants applied to A's tokens must
# give B's tokens exactly (inputs are ASCII words separated by spaces, so `split()` tokenizes
# them as lectio does).
set -u
cd "$(dirname "$0")/.."
LECTIO=${LECTIO:-target/release/lectio}
[ -x "$LECTIO" ] || cargo build --release --quiet
DEADLINE=${DEADLINE:-5}
SLACK=${SLACK:-10}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail=0

gen() { python3 - "$WORK" <<'EOF'
import random, sys, os
d = sys.argv[1]
random.seed(8)
def w(name, words): open(os.path.join(d, name), "w").write(" ".join(words) + "\n")
n = 8_000_000
a = [f"w{random.randrange(5000)}" for _ in range(n)]
w("line_a", a); a[n // 2] = "CHANGED"; w("line_b", a)
open(os.path.join(d, "nospace_a"), "w").write("x" * 50_000_000)
open(os.path.join(d, "nospace_b"), "w").write("x" * 25_000_000 + "y" + "x" * 25_000_000)
m = 1_000_000
w("rep_a", ["a"] * m); w("rep_b", ["a"] * (m // 2) + ["b"] + ["a"] * (m // 2))
w("distinct_a", [f"x{i}" for i in range(m)]); w("distinct_b", [f"y{i}" for i in range(m)])
w("perm_b", [f"x{(i * 7919) % m}" for i in range(m)])
# 10 MB without a single match: disjoint alphabets.
w("nomatch_a", [f"p{i % 50000}" for i in range(1_400_000)])
w("nomatch_b", [f"q{i % 50000}" for i in range(1_400_000)])
w("cycles_a", [f"c{(i * 31) % 97}" for i in range(m)])
w("cycles_b", [f"c{(i * 17) % 89}" for i in range(m)])
EOF
}

check_roundtrip() { # A B JSON
  python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
a = open(sys.argv[1]).read().split(); b = open(sys.argv[2]).read().split()
d = json.load(open(sys.argv[3]))
edits = []
for v in d["variants"]:
    os_, oe = v["old"]["tokens"]; ns, ne = v["new"]["tokens"]
    m = v.get("moved")
    if m:
        edits.append((os_, oe, 1, 0, 0)); edits.append((m["old_at"], m["old_at"], 0, ns, ne))
    else:
        edits.append((os_, oe, 1, ns, ne))
edits.sort(key=lambda e: (e[0], e[2], e[3]))
out, cur = [], 0
for s, e, _, ns, ne in edits:
    out += a[cur:max(s, cur)]; out += b[ns:ne]; cur = max(cur, e)
out += a[min(cur, len(a)):]
print("roundtrip=" + ("ok" if out == b else "BROKEN"), "approximate=%s" % d["approximate"],
      "variants=%d" % len(d["variants"]))
sys.exit(0 if out == b else 1)
EOF
}

run() { # NAME A B [extra args]
  local name=$1 a=$WORK/$2 b=$WORK/$3; shift 3
  local t0 t1 rc
  t0=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$WORK/rss" timeout 120 "$LECTIO" diff --deadline "$DEADLINE" \
    --format json "$@" "$a" "$b" >"$WORK/out.json" 2>"$WORK/err"
  rc=$?
  t1=$(date +%s.%N)
  local wall rss warn rt
  wall=$(python3 -c "print(f'{$t1-$t0:.2f}')")
  rss=$(( $(tail -1 "$WORK/rss") / 1024 ))
  warn=$(grep -c "approximate diff" "$WORK/err")
  if [ $rc -eq 1 ]; then rt=$(check_roundtrip "$a" "$b" "$WORK/out.json") || fail=1; else rt="rc=$rc $(head -c 300 "$WORK/err")"; fail=1; fi
  local over
  over=$(python3 -c "print(int($wall > $DEADLINE + $SLACK))")
  [ "$over" = 0 ] || fail=1
  printf '%-34s wall %6ss  rss %5s MiB  warning %s  %s%s\n' "$name" "$wall" "$rss" "$warn" "$rt" \
    "$([ "$over" = 0 ] || echo "  OVER deadline+slack")"
}

echo "generating inputs in $WORK"
gen
echo "lectio: $LECTIO; deadline ${DEADLINE}s, slack ${SLACK}s"
run "50 MB line, one word changed" line_a line_b
run "50 MB without a space (one token)" nospace_a nospace_b
run "1M x 'a' vs one change" rep_a rep_b
run "1M x 'a' vs one change, --exact" rep_a rep_b --exact
run "1M distinct vs 1M distinct" distinct_a distinct_b
run "1M distinct vs a permutation" distinct_a perm_b
run "10 MB without a single match" nomatch_a nomatch_b
run "1M low-cardinality cycles" cycles_a cycles_b
run "1M cycles, --exact" cycles_a cycles_b --exact

# Collation: no deadline of its own; bounded by anchoring and its DP limit. Checked for time,
# memory and exit code (the token-survival property is checked by the proptests and fuzzing).
collate() { # NAME ARGS...
  local name=$1; shift
  local t0 t1 rc
  t0=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$WORK/rss" timeout 120 "$LECTIO" collate --format csv "$@" >/dev/null 2>"$WORK/err"
  rc=$?
  t1=$(date +%s.%N)
  printf '%-34s wall %6ss  rss %5s MiB  rc %s\n' "$name" "$(python3 -c "print(f'{$t1-$t0:.2f}')")" \
    "$(( $(tail -1 "$WORK/rss") / 1024 ))" "$rc"
  [ $rc -eq 1 ] || fail=1
}
collate "collate 3 x 50 MB lines" "$WORK/line_a" "$WORK/line_b" "$WORK/line_a"
collate "collate 50 MB no space, near-match" --near-match "$WORK/nospace_a" "$WORK/nospace_b"
collate "collate 1M distinct/cycles/repeat" "$WORK/distinct_a" "$WORK/cycles_a" "$WORK/rep_a"

# Size cap: refused before reading (exit 5), whatever the content.
truncate -s 300M "$WORK/huge"
t0=$(date +%s.%N)
"$LECTIO" diff "$WORK/huge" "$WORK/rep_a" >/dev/null 2>"$WORK/err"; rc=$?
t1=$(date +%s.%N)
printf '%-34s rc %s in %ss: %s\n' "300 MB file, default cap" "$rc" \
  "$(python3 -c "print(f'{$t1-$t0:.2f}')")" "$(head -1 "$WORK/err")"
[ $rc -eq 5 ] || fail=1
"$LECTIO" collate "$WORK/huge" "$WORK/rep_a" >/dev/null 2>&1; rc=$?
printf '%-34s rc %s\n' "300 MB file, collate" "$rc"
[ $rc -eq 5 ] || fail=1

# Memory ceiling: 1 GiB of address space on 10 MB inputs completes or exits 5, never crashes.
prlimit --as=$((1 << 30)) "$LECTIO" diff --deadline "$DEADLINE" --stat "$WORK/nomatch_a" "$WORK/nomatch_b" >/dev/null 2>"$WORK/err"; rc=$?
printf '%-34s rc %s %s\n' "10 MB under prlimit --as=1G" "$rc" "$(grep -m1 -i 'error\|alloc' "$WORK/err")"
case $rc in 1|5) ;; *) fail=1 ;; esac

[ $fail -eq 0 ] && echo "stress: all cases within bounds" || echo "stress: FAILURES above"
exit $fail
