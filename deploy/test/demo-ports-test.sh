#!/usr/bin/env bash
# The demo on other ports, next to someone else's broker, and a clean stop:
#   1. hold 127.0.0.1:9092 and :9094 with a listener that records every connection;
#   2. deploy/local/demo.sh --check with KAFKA_PORT / KAFKA_CONTROLLER_PORT / DRIFTWATCH_PORT moved: drift detected
#      and its alert fired (exit 0), and not one connection reached the held ports;
#   3. deploy/local/demo.sh again, stopped with SIGTERM once it prints its table: exit 0, no ERROR in the app's log.
# Needs only Java; run by .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=target/demo-ports-test
rm -rf "$out" && mkdir -p "$out"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pids=()
# stop the port holders and wait until they are gone, so the next script finds 9092/9094 free
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

for held in 9092 9094; do
    if port_open "$held"; then
        echo "port $held is already taken by another process: the check below still proves the demo works beside it"
    else
        java deploy/test/HoldPort.java "$held" >"$out/held-$held.txt" 2>"$out/held-$held.err" &
        pids+=($!)
        # wait for its "holding" line: connecting to see whether it listens would count as a connection
        for _ in $(seq 1 60); do grep -q holding "$out/held-$held.err" && break; sleep 0.5; done
    fi
done

export KAFKA_PORT=29092 KAFKA_CONTROLLER_PORT=29094 DRIFTWATCH_PORT=18080
echo "== demo --check on Kafka $KAFKA_PORT, controller $KAFKA_CONTROLLER_PORT, page $DRIFTWATCH_PORT (9092, 9094 held)"
bash deploy/local/demo.sh --check | tee "$out/check.txt"
grep -q 'ALERT FIRING' "$out/check.txt" || { echo "FAIL: the demo printed no alert line"; exit 1; }

echo "== demo stopped with SIGTERM"
bash deploy/local/demo.sh >"$out/run.txt" 2>&1 &
demo=$!
for _ in $(seq 1 120); do grep -q -- '---- t=' "$out/run.txt" && break; sleep 1; done
grep -q -- '---- t=' "$out/run.txt" || { echo "FAIL: the demo printed no table"; cat "$out/run.txt"; exit 1; }
kill -TERM "$demo"
status=0
wait "$demo" || status=$?
cat "$out/run.txt"
[[ $status == 0 ]] || { echo "FAIL: SIGTERM made the demo exit $status"; exit 1; }
if grep -n 'ERROR' target/demo/driftwatch.log; then
    echo "FAIL: a clean stop logged ERROR lines (above) in target/demo/driftwatch.log"
    exit 1
fi

for f in "$out"/held-*.txt; do
    [[ -f $f ]] || continue
    if [[ -s $f ]]; then
        echo "FAIL: the demo connected to a port it was told not to use:"; cat "$f"; exit 1
    fi
done
echo "demo-ports-test: passed (drift and alert on ports $KAFKA_PORT/$KAFKA_CONTROLLER_PORT/$DRIFTWATCH_PORT," \
    "nothing sent to 9092/9094, SIGTERM exits 0 with no ERROR logged)"
