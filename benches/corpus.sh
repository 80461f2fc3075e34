#!/usr/bin/env bash
# Corpus-scale benchmark of `lexbridge run` (issue 9).
#
# Usage: benches/corpus.sh [SIZE_MB]          (default 100; the documented sizes are 100 and 1000)
#
# Environment:
#   SEED=42            seed of the generated corpus
#   WORK=/tmp          where the corpus, the outputs and the Python venv go (outside the repo)
#   PY_SAMPLE_MB=N     run the Python reference on the first N MB of files only and extrapolate
#                      (default: the whole corpus up to 100 MB, a 100 MB sample above that)
#   JOBS="1 2"         the --jobs values to time
#   BIN=path           a lexbridge binary to time instead of building target/release/lexbridge
#
# What it does, in one run on one machine:
#   1. builds the release binary and generates a synthetic corpus of SIZE_MB MB from corpus/
#      (benches/gen_corpus.py: unique ids, shuffled paragraphs, changed figures and names);
#   2. times `cat` of every file to /dev/null (the I/O floor, page cache warm);
#   3. measures start-up: `lexbridge --version` and `run` on an empty folder (hyperfine if it is
#      installed, else the best of 20 runs);
#   4. times `lexbridge run CORPUS --out DIR --jobs J` under /usr/bin/time -v for every J: wall
#      time, MB/s, articles/s, peak RSS;
#   5. runs the reference Python pipeline (benches/ref_pipeline.py: pySBD + `regex` figures + csv
#      writing; pySBD installed with pip into a venv under $WORK) over the same files;
#   6. prints a table and the ratios.
set -euo pipefail

SIZE_MB=${1:-100}
SEED=${SEED:-42}
WORK=${WORK:-/tmp}
JOBS=${JOBS:-"1 2"}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS="$WORK/lexbridge-corpus-${SIZE_MB}mb-s$SEED"
OUT="$WORK/lexbridge-bench-out"
VENV="$WORK/lexbridge-bench-venv"

if [ -z "${PY_SAMPLE_MB:-}" ]; then
    if awk "BEGIN { exit !($SIZE_MB > 100) }"; then PY_SAMPLE_MB=100; else PY_SAMPLE_MB=0; fi
fi

say() { printf '%s\n' "$*" >&2; }

# 1. Binary and corpus.
if [ -z "${BIN:-}" ]; then
    say "building the release binary"
    (cd "$ROOT" && cargo build --release --quiet)
    BIN="$ROOT/target/release/lexbridge"
fi
if [ ! -f "$CORPUS/.complete" ]; then
    say "generating $SIZE_MB MB into $CORPUS (seed $SEED)"
    rm -rf "$CORPUS"
    python3 "$ROOT/benches/gen_corpus.py" "$SIZE_MB" "$CORPUS" --seed "$SEED" >&2
    touch "$CORPUS/.complete"
fi
BYTES=$(find "$CORPUS" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
FILES=$(find "$CORPUS" -type f -name '*.txt' | wc -l)
calc() { awk "BEGIN { printf \"%.${1}f\", $2 }"; }
MB=$(calc 3 "$BYTES / 1000000")

now() { date +%s.%N; }
elapsed() { calc 3 "$2 - $1"; }
rate() { calc 2 "$1 / $2"; }

say "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# 2. The I/O floor: read every file once (warm page cache after the generation).
t0=$(now)
find "$CORPUS" -type f -name '*.txt' -print0 | xargs -0 cat > /dev/null
t1=$(now)
CAT_S=$(elapsed "$t0" "$t1")

# 3. Start-up.
EMPTY=$(mktemp -d "$WORK/lexbridge-empty.XXXXXX")
if command -v hyperfine > /dev/null; then
    hyperfine --warmup 3 --runs 30 --export-json "$WORK/lexbridge-startup.json" \
        "$BIN --version" "$BIN run $EMPTY --out $EMPTY/out" > /dev/null 2>&1
    read -r START_VERSION START_EMPTY < <(python3 -c "
import json; r = json.load(open('$WORK/lexbridge-startup.json'))['results']
print(' '.join(f\"{x['mean'] * 1000:.1f}\" for x in r))")
    START_HOW="hyperfine, mean of 30"
else
    best() {
        local b=999999 s e ms
        for _ in $(seq 20); do
            s=$(now); "$@" > /dev/null 2>&1 || true; e=$(now)
            ms=$(calc 3 "($e - $s) * 1000"); b=$(calc 3 "($ms < $b) ? $ms : $b")
        done
        printf '%.1f' "$b"
    }
    START_VERSION=$(best "$BIN" --version)
    START_EMPTY=$(best "$BIN" run "$EMPTY" --out "$EMPTY/out")
    START_HOW="best of 20"
fi
rm -rf "$EMPTY"

# 4. lexbridge run.
declare -A WALL RSS CPU
ARTICLES=0
for j in $JOBS; do
    rm -rf "$OUT/j$j"
    say "lexbridge run --jobs $j"
    /usr/bin/time -v "$BIN" run "$CORPUS" --out "$OUT/j$j" --jobs "$j" 2> "$OUT.j$j.time" > /dev/null \
        || { say "lexbridge run failed:"; tail -20 "$OUT.j$j.time" >&2; exit 1; }
    WALL[$j]=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$OUT.j$j.time")
    RSS[$j]=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$OUT.j$j.time")
    CPU[$j]=$(awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {printf "%.1f", s}' "$OUT.j$j.time")
    ARTICLES=$(($(wc -l < "$OUT/j$j/articles.csv") - 1))
done
for j in $JOBS; do
    if [ "$j" != "${JOBS%% *}" ] && ! cmp -s "$OUT/j${JOBS%% *}/findings.csv" "$OUT/j$j/findings.csv"; then
        say "WARNING: findings.csv differs between --jobs ${JOBS%% *} and --jobs $j"
    fi
done

# 5. The Python reference.
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import pysbd, regex' 2> /dev/null; then
    say "installing pySBD and regex into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet pysbd regex
fi
say "Python reference (pySBD + regex + csv)$([ "$PY_SAMPLE_MB" != 0 ] && echo " on the first $PY_SAMPLE_MB MB")"
PY_LINE=$("$VENV/bin/python" "$ROOT/benches/ref_pipeline.py" "$CORPUS" "$OUT/python" --max-mb "$PY_SAMPLE_MB")
PY_BYTES=$(sed 's/.*bytes=\([0-9]*\).*/\1/' <<< "$PY_LINE")
PY_ARTS=$(sed 's/.*articles=\([0-9]*\).*/\1/' <<< "$PY_LINE")
PY_S=$(sed 's/.*seconds=\([0-9.]*\).*/\1/' <<< "$PY_LINE")
PY_MBS=$(calc 3 "$PY_BYTES / 1000000 / $PY_S")
PY_FULL_S=$(calc 1 "$BYTES / 1000000 / $PY_MBS")

# 6. Report.
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
printf '\ncorpus: %s (%s MB, %s files, %s articles, seed %s)\n' "$CORPUS" "$MB" "$FILES" "$ARTICLES" "$SEED"
printf 'machine: %s, %s cores; load average after: %s\n\n' "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" "$(nproc)" "$LOAD_AFTER"
printf '| what | wall s | MB/s | articles/s | CPU s (user+sys) | MB per CPU s | peak RSS MB |\n|---|---|---|---|---|---|---|\n'
printf '| cat (I/O floor, warm cache) | %s | %s | | | | |\n' "$CAT_S" "$(rate "$MB" "$CAT_S")"
for j in $JOBS; do
    printf '| lexbridge run --jobs %s | %s | %s | %s | %s | %s | %s |\n' "$j" "${WALL[$j]}" "$(rate "$MB" "${WALL[$j]}")" \
        "$(rate "$ARTICLES" "${WALL[$j]}")" "${CPU[$j]}" "$(rate "$MB" "${CPU[$j]}")" "${RSS[$j]}"
done
if [ "$PY_SAMPLE_MB" != 0 ]; then
    printf '| Python pySBD+regex+csv (%s MB sample, %s s; extrapolated) | %s | %s | %s | | | |\n' \
        "$(calc 1 "$PY_BYTES / 1000000")" "$PY_S" "$PY_FULL_S" "$PY_MBS" "$(rate "$PY_ARTS" "$PY_S")"
else
    printf '| Python pySBD+regex+csv | %s | %s | %s | | | |\n' "$PY_S" "$PY_MBS" "$(rate "$PY_ARTS" "$PY_S")"
fi
printf '\nstart-up (%s): lexbridge --version %s ms, run on an empty folder %s ms\n' "$START_HOW" "$START_VERSION" "$START_EMPTY"
first=${JOBS%% *}
for j in $JOBS; do
    [ "$j" = "$first" ] && continue
    printf 'speed-up --jobs %s over --jobs %s: %sx\n' "$j" "$first" "$(calc 2 "${WALL[$first]} / ${WALL[$j]}")"
done
last=${JOBS##* }
printf 'lexbridge --jobs %s vs Python: %sx faster; vs cat: %sx slower\n' "$last" \
    "$(calc 1 "$PY_FULL_S / ${WALL[$last]}")" "$(calc 1 "${WALL[$last]} / $CAT_S")"
