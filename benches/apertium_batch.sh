#!/usr/bin/env bash
# How much batching saves with Apertium (the README's "Speed of Apertium"): the English sentences
# of the bundled corpus, eng→spa, sent as the engine sends them (one text, a blank line between
# sentences) against one `apertium` start per sentence, and through an APY server in batches of
# 50 against one request per sentence. Needs the packages .ci/run installs and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
apy_pid=""
cleanup() { if [ -n "$apy_pid" ]; then kill "$apy_pid" 2>/dev/null || true; fi; rm -rf "$tmp"; }
trap cleanup EXIT
for f in corpus/*.en.txt; do target/release/lexbridge segment --format lines "$f"; done \
    | grep -v '^[[:space:]]*$' > "$tmp/en.txt"
n=$(wc -l < "$tmp/en.txt")
awk 'BEGIN{ORS=""} NR>1{print "\n\n"} {print}' "$tmp/en.txt" > "$tmp/joined.txt"
start=$EPOCHREALTIME
apertium -u eng-spa < "$tmp/joined.txt" > "$tmp/es.txt"
echo "CLI, one call: $n sentences in $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b-a}') s"
head -40 "$tmp/en.txt" > "$tmp/en40.txt"
start=$EPOCHREALTIME
while IFS= read -r line; do printf '%s' "$line" | apertium -u eng-spa > /dev/null; done < "$tmp/en40.txt"
echo "CLI, one call per sentence: 40 sentences in $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b-a}') s"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LC_ALL=C.UTF-8 apertium-apy -p "$port" -l /usr/share/apertium-apy/langNames.db /usr/share/apertium/modes \
    > "$tmp/apy.log" 2>&1 &
apy_pid=$!
python3 - "$port" "$tmp/en.txt" <<'PY'
import json, re, sys, time, urllib.parse, urllib.request
port, path = sys.argv[1], sys.argv[2]
sents = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
def call(q):
    data = urllib.parse.urlencode({"langpair": "eng|spa", "q": q, "markUnknown": "no", "format": "txt"}).encode()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/translate", data) as r:
        return json.load(r)["responseData"]["translatedText"]
for _ in range(300):
    try:
        call("Warm up.")
        break
    except OSError:
        time.sleep(0.2)
t = time.time()
pieces = sum(len(re.split(r"\n[ \t\r]*\n", call("\n\n".join(sents[i:i + 50])).strip())) for i in range(0, len(sents), 50))
print(f"APY, batches of 50: {len(sents)} sentences in {time.time() - t:.2f} s ({pieces} came back)")
t = time.time()
for s in sents[:100]:
    call(s)
print(f"APY, one request per sentence: 100 sentences in {time.time() - t:.2f} s")
PY
