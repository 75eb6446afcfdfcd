#!/usr/bin/env bash
# Issue 9's scenario by hand: `modelrelease publish` of a SIZE_MIB file to a `modelrelease hub` on loopback (parts of
# 16 MiB, LATENCY_MS added to each part), SIGKILLed once the emulator's statistics show KILL_AT_MIB received, then run
# again to the end. Prints what each run sent (from the emulator's statistics, read with its admin token), the parts
# the killed run had acknowledged (from its upload state), and checks the published bytes by downloading them back.
# The automated version is KillAndResumeTests (same steps, a smaller file). Build first: dotnet build ModelRelease.slnx
#   tests/ModelRelease.Hub.Tests/kill-and-resume.sh [SIZE_MIB=1024] [KILL_AT_MIB=704] [LATENCY_MS=1500]
set -euo pipefail
SIZE_MIB=${1:-1024}; KILL_AT_MIB=${2:-704}; LATENCY_MS=${3:-1500}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CLI=$ROOT/src/ModelRelease.Cli/bin/Debug/net10.0/modelrelease.dll
W=$(mktemp -d /tmp/mr-kill-resume-XXXXXX); trap 'kill $HUB 2>/dev/null || true; rm -rf "$W"' EXIT
cd "$W"; mkdir rel
ADMIN=hf_admin_kill_resume_0123456789; TOKEN=hf_kill_resume_token_0123456789
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "{\"rules\":[{\"endpoint\":\"part\",\"latencyMs\":$LATENCY_MS}]}" > faults.json
dotnet "$CLI" hub --data data --urls "http://127.0.0.1:$PORT" --token "$TOKEN=alice" --admin-token $ADMIN --any-namespace \
  --chunk-size 16777216 --multipart-threshold 16777216 --faults faults.json > hub.log 2>&1 &
HUB=$!
head -c $((SIZE_MIB << 20)) /dev/urandom > rel/weights.dat
stats() { curl -sf -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/_emulator/stats"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
until stats > /dev/null 2>&1; do sleep 0.1; done
publish() { HF_TOKEN=$TOKEN XDG_CACHE_HOME=$W/xdg exec dotnet "$CLI" publish rel --repo alice/big --private --endpoint "http://127.0.0.1:$PORT" --message "Release" --json; }

( publish > first.json 2> first.err ) &
PUB=$!
while [ "$(stats | field uploadedBytes)" -lt $((KILL_AT_MIB << 20)) ]; do sleep 0.05; done
kill -KILL $PUB; wait $PUB 2>/dev/null || true
sleep 2 # the emulator finishes with the cut connections
FIRST=$(stats | field uploadedBytes)
ACKED=$(python3 -c 'import json,glob; s=json.load(open(glob.glob("xdg/modelrelease/uploads/*.json")[0])); print(len(s["eTags"]), len(s["partUrls"]))')
curl -sf -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$PORT/_emulator/faults"

( publish > second.json 2> second.err )
FINAL=$(stats)
HF_TOKEN=$TOKEN XDG_CACHE_HOME=$W/xdg dotnet "$CLI" download --repo alice/big --endpoint "http://127.0.0.1:$PORT" --to back > /dev/null
cmp rel/weights.dat back/weights.dat
echo "file:                 $((SIZE_MIB << 20)) bytes in 16 MiB parts"
echo "first run (SIGKILL):  $FIRST bytes received; parts acknowledged / total: $ACKED"
echo "rerun:                $(( $(echo "$FINAL" | field uploadedBytes) - FIRST )) bytes sent; result: $(python3 -c 'import json; r=json.load(open("second.json")); print("bytesUploaded", r["bytesUploaded"], "resumedBytes", r["files"][0]["resumedBytes"], "committed", r["committed"])')"
echo "emulator:             commits $(echo "$FINAL" | field commits), open multipart uploads $(echo "$FINAL" | field pendingMultipartUploads); downloaded back: identical bytes"
