# Sourced by the bench scripts: where the project, the shared sources and the corpus generator
# are. SHARED and BASE may be set by the caller.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
[ -d "$SHARED/bench" ] || SHARED=/work/shared
GEN=$SHARED/bench/gen_corpus.py
BASE=${BASE:-$SHARED/editions-src/en-wikirouge-marxists-en.txt}
