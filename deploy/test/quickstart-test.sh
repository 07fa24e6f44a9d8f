#!/usr/bin/env bash
# Follows the README's "Monitor your own model in 5 minutes" step by step, with the same commands and files
# (deploy/quickstart/), and checks what the README says the reader will see: the series appears after one event,
# is scored once 20 events are in, and drifts when the latencies do. Run from the repository root after
# `./mvnw package`; run by .ci/run, with the README's port variables moved (KAFKA_PORT, KAFKA_CONTROLLER_PORT,
# DRIFTWATCH_PORT), which the quick start's properties and scripts honour. Everything listens on 127.0.0.1 and is
# stopped by PID.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
work=target/quickstart-test
rm -rf "$work" && mkdir -p "$work"
say() { echo "[quickstart-test] $*"; }
source deploy/test/processes.sh

# step 1: a broker
bash deploy/local/kafka.sh start
# step 2: Driftwatch with the monitor of deploy/quickstart/my-model.properties
java -Dquarkus.config.locations=deploy/quickstart/my-model.properties -jar target/quarkus-app/quarkus-run.jar \
    >"$work/driftwatch.log" 2>&1 &
pids+=($!)
app=http://127.0.0.1:${DRIFTWATCH_PORT:-8080}
for _ in $(seq 1 60); do curl -fs "$app/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done
series=$app/api/monitors/latency/models/my-model

# step 3: one event by hand, and it is on the page (as a thin window)
deploy/local/send.sh '{"model":"my-model","latency_ms":130}'
for _ in $(seq 1 30); do curl -fs "$series" >"$work/one.json" 2>/dev/null && break; sleep 1; done
grep -q '"samples":1,' "$work/one.json" || { say "FAILED: no series with one event"; cat "$work/one.json"; exit 1; }
say "one event: the series is listed (thin window)"

# step 4: traffic like the reference, then slower
for i in $(seq 1 300); do echo "{\"model\":\"my-model\",\"latency_ms\":$((90 + RANDOM % 60))}"; done \
    | deploy/local/send.sh
for _ in $(seq 1 30); do curl -fs "$series" | grep -q '"sufficient":true' && break; sleep 1; done
curl -fs "$series" >"$work/normal.json"
grep -q '"sufficient":true' "$work/normal.json" || { say "FAILED: not scored"; cat "$work/normal.json"; exit 1; }
for i in $(seq 1 300); do echo "{\"model\":\"my-model\",\"latency_ms\":$((200 + RANDOM % 100))}"; done \
    | deploy/local/send.sh
for _ in $(seq 1 30); do
    curl -fs "$series" >"$work/slow.json"
    p=$(grep -o '"pValue":[^,}]*' "$work/slow.json" | head -1 | cut -d: -f2)
    [[ -n $p && $p != null ]] && awk -v p="$p" 'BEGIN { exit !(p < 1e-6) }' && break
    sleep 1
done
awk -v p="$p" 'BEGIN { exit !(p < 1e-6) }' || { say "FAILED: slow latencies did not show as drift (p = $p)"; exit 1; }
say "slower latencies: drift, p = $p"
curl -fs "$app/" | grep -q '<title>Driftwatch</title>'

# step 6: every feature's reference from one training file, in one call
curl -fs -X PUT -H 'Authorization: Bearer quickstart-token' -H 'Content-Type: text/csv' \
    --data-binary @deploy/quickstart/training.csv "$app/api/monitors/features/reference" >"$work/training.json" \
    || { say "FAILED: the training upload"; cat "$work/training.json"; exit 1; }
for f in amount plan country; do
    grep -q "\"monitor\":\"features.$f\"" "$work/training.json" || { say "FAILED: no feature $f"; cat "$work/training.json"; exit 1; }
done
grep -q '"rows":1000,' "$work/training.json" || { say "FAILED: not 1000 rows"; cat "$work/training.json"; exit 1; }
say "training file: 3 features, 1000 rows"

# step 7: events with features feed every feature's series
for i in $(seq 1 100); do
    echo "{\"model\":\"my-model\",\"latency_ms\":120,\"features\":{\"amount\":$((20 + RANDOM % 40)).5,\"plan\":\"pro\",\"country\":\"US\"}}"
done | deploy/local/send.sh
for f in amount plan country; do
    for _ in $(seq 1 30); do curl -fs "$app/api/monitors/features.$f/models/my-model" | grep -q '"sufficient":true' && break; sleep 1; done
    curl -fs "$app/api/monitors/features.$f/models/my-model" | grep -q '"sufficient":true' \
        || { say "FAILED: features.$f not scored"; exit 1; }
done
say "features.amount, features.plan, features.country scored"
say "PASSED"
