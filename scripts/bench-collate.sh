#!/usr/bin/env bash
# Benchmark `lectio collate` against Python CollateX on the same generated witnesses.
#
# Generates 2/4/8 witnesses of the letter at 1.2k/12k/100k words with
# ../shared/bench/gen_corpus.py (rate 0.01, seed 1; --fresh 0.3 above the letter's size, so a
# long text has rare words throughout as a real one does), times
#   lectio collate w*.txt --format json
# and, where it can finish, CollateX (`pip install collatex python-Levenshtein`), run under
# `timeout` (default 300 s) on the same texts. Prints a Markdown table (wall seconds, max RSS).
#
# Environment: LECTIO (binary, default target/release/lectio), SHARED (default ../shared, then
# ../../shared), OUT (work folder), CX_TIMEOUT (seconds), CX_MAX_WORDS (largest size CollateX
# is tried on; default 1200 — it needs 136 s for two 3.6k-word witnesses, issue 4),
# SIZES, COUNTS, REPEAT (lectio runs per cell, best kept).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
LECTIO=${LECTIO:-$root/target/release/lectio}
SHARED=${SHARED:-}
if [[ -z $SHARED ]]; then
  for d in "$root/../shared" "$root/../../shared"; do [[ -d $d ]] && SHARED=$(cd "$d" && pwd) && break; done
fi
[[ -n $SHARED && -d $SHARED ]] || { echo "error: ../shared not found (set SHARED)" >&2; exit 2; }
OUT=${OUT:-/tmp/lectio-bench-collate}
CX_TIMEOUT=${CX_TIMEOUT:-300}
CX_MAX_WORDS=${CX_MAX_WORDS:-1200}
SIZES=${SIZES:-"1200 12000 100000"}
COUNTS=${COUNTS:-"2 4 8"}
REPEAT=${REPEAT:-3}
base=$SHARED/editions-src/en-wikirouge-marxists-en.txt
gen=$SHARED/bench/gen_corpus.py
[[ -x $LECTIO ]] || { echo "error: $LECTIO missing (cargo build --release)" >&2; exit 2; }
mkdir -p "$OUT"

cat > "$OUT/cx.py" <<'PY'
import json, sys
from collatex import Collation, collate
c = Collation()
for i, p in enumerate(sys.argv[1:]):
    c.add_plain_witness("w%02d" % i, open(p, encoding="utf-8").read())
out = collate(c, output="json", segmentation=False)
sys.stdout.write(out if isinstance(out, str) else json.dumps(out))
PY

cat > "$OUT/transeval.py" <<'PY'
# Transposition recall against gen_corpus's truth.json: a `transposition` mutation counts as
# found when lectio reports a transposition whose text is one of the two swapped phrases and
# whose places include that witness.
import json, sys, subprocess, glob
d, lectio = sys.argv[1], sys.argv[2]
t = json.load(open(d + "/truth.json"))
files = sorted(glob.glob(d + "/w*.txt"))
j = json.loads(subprocess.run([lectio, "collate", *files, "--format", "json"],
                              capture_output=True, text=True).stdout)
sig = [w["siglum"] for w in j["witnesses"]]
found = {}
for tr in j["transpositions"]:
    key = "".join(tr["text"].split())
    for p in tr["places"]:
        for w in p["witnesses"]:
            found.setdefault(sig.index(w), set()).add(key)
tot = hit = 0
for k, w in enumerate(t["witnesses"]):
    for m in w["mutations"]:
        if m["type"] != "transposition":
            continue
        tot += 1
        cut_a, cut_b = m["len"] - m["moved"], m["moved"]
        keys = {"".join(m["after"][:cut_a]), "".join(m["after"][cut_a:]),
                "".join(m["before"][:cut_b]), "".join(m["before"][cut_b:])}
        hit += bool(found.get(k, set()) & keys)
print(f"{d}: transpositions injected {tot}, found {hit}, reported {len(j['transpositions'])}")
PY

# measure OK_CODES CMD... : prints "seconds maxrss_kb" of the command (ms resolution) when it
# exits with one of OK_CODES (lectio: "0 1", 1 meaning variants found; CollateX: "0"), prints
# "timeout" when `timeout` stopped it (124), and otherwise fails (the caller's `res=$(…)` then
# stops the script): a failed run is never timed.
measure() {
  local ok=$1; shift
  local t a b rc=0; t=$(mktemp)
  a=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$t" "$@" > /dev/null 2>"$t.err" || rc=$?
  b=$(date +%s%N)
  if [[ " $ok " == *" $rc "* ]]; then
    echo "$(awk "BEGIN{printf \"%.3f\", ($b - $a) / 1e9}") $(tail -1 "$t")"
  elif [[ $rc -eq 124 ]]; then
    echo "timeout"
  else
    echo "bench-collate: FAILED (exit $rc): $*" >&2
    tail -n 5 "$t.err" >&2
    rm -f "$t" "$t.err"
    return 1
  fi
  rm -f "$t" "$t.err"
}

echo "| witnesses × words | lectio s | lectio MB | CollateX s | CollateX MB | speed-up | variant columns |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for words in $SIZES; do
  for n in $COUNTS; do
    dir=$OUT/${words}-${n}
    fresh=0; [[ $words -gt 1200 ]] && fresh=0.3
    if [[ ! -f $dir/truth.json ]]; then
      python3 "$gen" --base "$base" --words "$words" --witnesses "$n" --rate 0.01 --seed 1 \
        --fresh "$fresh" --out "$dir" > /dev/null
    fi
    files=("$dir"/w*.txt)
    best=""; mem=""
    for _ in $(seq "$REPEAT"); do
      res=$(measure "0 1" "$LECTIO" collate "${files[@]}" --format json)
      [[ $res != timeout ]] || { echo "bench-collate: lectio timed out" >&2; exit 1; }
      read -r s m <<<"$res"
      if [[ -z $best ]] || awk "BEGIN{exit !($s < $best)}"; then best=$s; mem=$m; fi
    done
    rc=0; "$LECTIO" collate "${files[@]}" --format json > "$dir/out.json" || rc=$?
    ((rc <= 1)) || { echo "bench-collate: FAILED (exit $rc): lectio collate $dir" >&2; exit 1; }
    variants=$(python3 -c \
      'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for c in d["table"] if c["variant"]))' \
      "$dir/out.json")
    cx_s="—"; cx_m="—"; speed="—"
    if [[ $words -le $CX_MAX_WORDS ]]; then
      res=$(measure "0" timeout "$CX_TIMEOUT" python3 "$OUT/cx.py" "${files[@]}")
      read -r cs cm <<<"$res"
      if [[ $cs == timeout ]]; then cx_s="> ${CX_TIMEOUT} (timeout)"; else
        cx_s=$cs; cx_m=$((cm / 1024))
        speed=$(awk "BEGIN{printf \"%.0f×\", $cs / ($best > 0.001 ? $best : 0.001)}")
      fi
    else
      cx_s="not run"
    fi
    echo "| $n × $words | $best | $((mem / 1024)) | $cx_s | $cx_m | $speed | $variants |"
  done
done
echo
for words in $SIZES; do
  for n in $COUNTS; do python3 "$OUT/transeval.py" "$OUT/${words}-${n}" "$LECTIO"; done
done
