#!/usr/bin/env bash
# Interleaved comparison of lectio builds and git on one pair (see BENCHMARKS.md, diff):
#   scripts/bench-diff-cmp.sh PAIR_DIR ROUNDS LECTIO_BIN... (PAIR_DIR holds base.txt and w00.txt)
# Prints, per tool, the wall and CPU (user + sys) seconds of every round and the largest max RSS.
d=$1; n=$2; shift 2
for ((i=0;i<n;i++)); do
  for b in "$@" git; do
    if [ "$b" = git ]; then cmd=(git diff --no-index --word-diff=porcelain --histogram $d/base.txt $d/w00.txt)
    else cmd=($b diff --format json $d/base.txt $d/w00.txt); fi
    t0=$EPOCHREALTIME
    /usr/bin/time -f "%M %U %S" -o ${TMPDIR:-/tmp}/bench-diff-cmp.$$.txt "${cmd[@]}" >/dev/null 2>&1
    t1=$EPOCHREALTIME
    read m u s < <(tail -n1 ${TMPDIR:-/tmp}/bench-diff-cmp.$$.txt)
    echo "$(basename $b) $(awk -v a=$t0 -v b=$t1 -v u=$u -v s=$s 'BEGIN{printf "%.3f %.2f", b-a, u+s}') $m"
  done
done | awk '{w[$1]=w[$1]" "$2; c[$1]=c[$1]" "$3; if($4>r[$1])r[$1]=$4} END{for(k in w){print k, "wall:"w[k], "| cpu:"c[k], "| maxrss KB", r[k]}}'
