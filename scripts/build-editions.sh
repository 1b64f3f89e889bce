#!/usr/bin/env bash
# Rebuild the repository's editions/ store with lectio itself, from the source texts in
# ../shared/editions-src/ (see SOURCES.md there).
#
# Usage: scripts/build-editions.sh [OUT]
#   OUT            the store to (re)write; default: editions/ in the repository. Only the store's
#                  own files (FORMAT, lock, objects/, records/, refs/, tmp/) are replaced;
#                  README.md and .gitattributes beside them are kept.
# Environment:
#   LECTIO_SHARED  the shared folder holding editions-src/ (default: <repo>/../shared)
#   LECTIO_BIN     the lectio binary (default: built with `cargo build --release`)
#
# The build is reproducible: record times are fixed (SOURCE_DATE_EPOCH per version), the
# author is fixed, and the texts are added from a staging folder laid out like the repository
# (<stage>/repo/editions beside <stage>/shared/editions-src), so every record holds the same
# source path (`../shared/editions-src/…`, or `editions-src/en-emended.txt`) wherever the
# shared folder really is. tests/cli/store.rs checks that a rebuild equals the committed store.
#
# en-emended is en-marxists version 2 with three exact string replacements (each must match
# exactly once, or the build stops); the result is also written to editions-src/en-emended.txt
# in the repository when OUT is the repository's editions/.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${LECTIO_SHARED:-$repo/../shared}
src=$(cd "$shared/editions-src" && pwd)
out=${1:-$repo/editions}

if [ -n "${LECTIO_BIN:-}" ]; then
  lectio=$LECTIO_BIN
else
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
  lectio=$repo/target/release/lectio
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/shared" "$stage/repo/editions-src"
ln -s "$src" "$stage/shared/editions-src"
store=$stage/repo/editions
S=$stage/shared/editions-src

export LECTIO_AUTHOR="lectio project"
unset LECTIO_TIME LECTIO_STORE
base=1764547200 # 2025-12-01T00:00:00Z; each version gets its own minute

add() { # add MINUTE FILE ARGS...
  local minute=$1 file=$2
  shift 2
  SOURCE_DATE_EPOCH=$((base + 60 * minute)) "$lectio" --store "$store" add "$file" "$@" >/dev/null
}

"$lectio" --store "$store" init >/dev/null

title_en="Letter to the Politburo, January 4, 1932"
source_en="Marxists Internet Archive English text, as mirrored on wikirouge.net: https://wikirouge.net/texts/en/Letter_to_the_Politburo,_January_4,_1932 (printed: Writings of Leon Trotsky [1932], Pathfinder 1973, p. 18)"

# The Russian original first: the translations name it (--translation-of).
add 0 "$S/ru-iskra-research-partial.txt" --edition politburo-1932/ru-iskra \
  --lang ru --kind original --partial --siglum R \
  --title "Письмо в Политбюро ЦК ВКП(б) и Президиум ЦКК, 4 января 1932" \
  --source "Iskra Research, printed from the copy in the Trotsky Archive, Houghton Library, Harvard University (MS Russ 13 T-3423): http://iskra-research.org/Trotsky/sochineniia/1932/19320104.html" \
  --notes "Partial: the first part of the Russian original only: the secrecy mark and address block, body paragraph 1 and the first sentence of paragraph 2 (to \"Я не говорю о ЦК, так как он по существу упразднен.\"). The publisher's editorial note between the address and the body is left out (not part of the letter)." \
  -m "The Russian original as published by Iskra Research (partial)."

add 1 "$S/en-marxists-page-scrape.txt" --edition politburo-1932/en-marxists \
  --lang en --kind translation --translation-of politburo-1932/ru-iskra --siglum M --title "$title_en" --source "$source_en" \
  -m "The web page as first captured: the title line, the site chrome (\"From Marxists-en\", \"Jump to navigation Jump to search\"), the address block and the 12 body paragraphs; no final newline."

add 2 "$S/en-wikirouge-marxists-en.txt" --edition politburo-1932/en-marxists \
  -m "Site chrome removed: the title line and the \"From Marxists-en\" / \"Jump to navigation Jump to search\" lines (and the blank lines after them) are gone, and a final newline is added. The address block and the 12 paragraphs are word for word those of version 1."

add 3 "$S/es-ceip-escritos-1932-partial.txt" --edition politburo-1932/es-ceip \
  --lang es --kind translation --translation-of politburo-1932/ru-iskra --partial --siglum CEIP \
  --title "Carta al Politburó, 4 de enero de 1932" \
  --source "Escritos de León Trotsky (1929-1940), CEIP León Trotsky: http://www.ceipleontrotsky.org/Carta-al-Politburo" \
  --notes "Partial: about the first quarter of the letter: the address block, body paragraphs 1-2 and the first three sentences of paragraph 3 (to \"Nuevamente se le dedican páginas enteras.\"). Translated from the Russian original; note markers [2]-[5] are the source's." \
  -m "The CEIP Spanish translation as published (partial; note markers kept)."

# en-emended: en-marxists@2 with exact replacements.
text=$(cat "$S/en-wikirouge-marxists-en.txt"; printf x)
text=${text%x}
replace() { # replace OLD NEW: OLD must occur exactly once
  local old=$1 new=$2
  case $text in *"$old"*) ;; *) echo "build-editions: '$old' not found" >&2; exit 1 ;; esac
  text=${text/"$old"/"$new"}
  case $text in *"$old"*) echo "build-editions: '$old' occurs more than once" >&2; exit 1 ;; esac
}
replace 'from the opposite direction, is Everything it was necessary' \
        'from the opposite direction. Everything it was necessary'
replace '"Stalin'"'"'s six conditions,"19 "Stalin' \
        '"Stalin'"'"'s six conditions," "Stalin'
replace 'against counter-blows
' 'against counter-blows.
'
emended=$stage/repo/editions-src/en-emended.txt
printf '%s' "$text" >"$emended"

add 4 "$emended" --edition politburo-1932/en-emended \
  --lang en --kind emendation --siglum E --title "$title_en (emended)" \
  --source "politburo-1932/en-marxists@2, emended by the lectio project" \
  --notes "Corrects three transcription faults listed in editions-src/SOURCES.md; nothing else changed." \
  -m "Emended from politburo-1932/en-marxists@2. (1) Paragraph 1: 'from the opposite direction, is Everything it was necessary' -> 'from the opposite direction. Everything it was necessary': a stray 'is' removed and the lost sentence break restored (the Spanish has two sentences here). (2) Paragraph 2: '\"Stalin's six conditions,\"19' -> '\"Stalin's six conditions,\"': the footnote number 19 glued on from the printed volume's notes removed. (3) Paragraph 9: final period added after 'against counter-blows'."

# en-emended-tei: the same emended text as TEI P5 (editions-src/en-emended.tei.xml, written by
# hand in the repository): each emendation a <choice> of <sic> and <corr>, and the source's page
# (<pb n="18"/>). Read editorially it equals en-emended word for word; diplomatically,
# en-marxists@2 (tests/cli/store.rs checks both).
tei=$stage/repo/editions-src/en-emended.tei.xml
cp "$repo/editions-src/en-emended.tei.xml" "$tei"
add 5 "$tei" --edition politburo-1932/en-emended-tei \
  --lang en --kind emendation --siglum ET --title "$title_en (emended, TEI)" \
  --source "politburo-1932/en-emended encoded in TEI P5 by the lectio project; printed source p. 18" \
  --notes "TEI P5: the three emendations of en-emended as <choice><sic>…</sic><corr>…</corr></choice>, and <pb n=\"18\"/> (the printed page the letter begins on; later page breaks are not known here and are not encoded). lectio reads it as its reading text (editorial: corr)." \
  -m "The emended letter in TEI P5, from editions-src/en-emended.tei.xml: lectio stores the XML bytes and derives the reading text when it reads them."

"$lectio" --store "$store" verify >/dev/null

mkdir -p "$out"
for f in FORMAT lock objects records refs tmp; do rm -rf "${out:?}/$f"; done
cp -R "$store/." "$out/"
if [ "$(cd "$out" && pwd)" = "$repo/editions" ]; then
  mkdir -p "$repo/editions-src"
  cp "$emended" "$repo/editions-src/en-emended.txt"
fi
echo "rebuilt $out"
