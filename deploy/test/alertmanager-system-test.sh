#!/usr/bin/env bash
# System test with a real Alertmanager (Debian prometheus-alertmanager, installed if missing): Driftwatch + local
# broker + simulator (drift for 20 s) post to Alertmanager, which notifies a webhook receiver. Checks that the alert
# arrives firing, that `amtool alert query` lists it while firing, and that it arrives resolved. Then the shipped
# config's inhibition with alerts posted as Prometheus would: per series (critical over warning) and per model
# (DriftModel over the model's feature alerts, one notification for the model).
# Run from the repository root after `./mvnw package`. Everything listens on 127.0.0.1 and is stopped by PID.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

am_port=19093
hook_port=19094
app_port=18082
work=target/alertmanager-test
rm -rf "$work" && mkdir -p "$work"
say() { echo "[alertmanager-test] $*"; }

bash deploy/test/ensure-alertmanager.sh
# the Debian package starts a service on :9093 where systemd exists; this test uses its own instance only

source deploy/test/processes.sh

cat >"$work/alertmanager.yml" <<YAML
route:
  receiver: test-hook
  group_by: [alertname, monitor, model, severity]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: test-hook
    webhook_configs:
      - url: http://127.0.0.1:$hook_port/
        send_resolved: true
YAML
amtool check-config "$work/alertmanager.yml" >/dev/null

java deploy/test/WebhookReceiver.java "$hook_port" "$work/notifications.jsonl" >"$work/receiver.log" 2>&1 &
pids+=($!)
prometheus-alertmanager --config.file="$work/alertmanager.yml" --storage.path="$work/data" \
    --web.listen-address=127.0.0.1:$am_port --cluster.listen-address= >"$work/alertmanager.log" 2>&1 &
pids+=($!)
bash deploy/local/kafka.sh start

props=(-Dquarkus.http.port=$app_port -Dquarkus.config.locations=deploy/demo/demo.properties
    -Ddriftwatch.simulator.drift-after=15s -Ddriftwatch.simulator.drift-for=20s
    -Ddriftwatch.alerts.alertmanager.url=http://127.0.0.1:$am_port -Ddriftwatch.alerts.alertmanager.resend-interval=5s)
for m in score label amount country; do
    props+=(-Ddriftwatch.monitors.$m.window=20s -Ddriftwatch.monitors.$m.pane=2s)
done
java "${props[@]}" -jar target/quarkus-app/quarkus-run.jar >"$work/driftwatch.log" 2>&1 &
pids+=($!)

wait_for() { # seconds, description, command...
    local deadline=$((SECONDS + $1)) what=$2
    shift 2
    until "$@"; do
        if ((SECONDS > deadline)); then
            say "FAILED: $what"
            say "--- notifications"; cat "$work/notifications.jsonl" 2>/dev/null || true
            say "--- driftwatch log (alerts)"; grep -E "alert|ERROR" "$work/driftwatch.log" | tail -20 || true
            say "--- alertmanager log"; tail -20 "$work/alertmanager.log"
            exit 1
        fi
        sleep 1
    done
}
notified() { grep -q "\"status\":\"$1\".*DriftDetected" "$work/notifications.jsonl" 2>/dev/null; }
listed() {
    amtool alert query --alertmanager.url=http://127.0.0.1:$am_port alertname=DriftDetected model=fraud \
        >"$work/amtool.txt" 2>&1 && grep -q "DriftDetected" "$work/amtool.txt"
}

wait_for 120 "a firing DriftDetected notification" notified firing
say "Alertmanager notified the webhook: firing"
wait_for 30 "amtool alert query listing the firing alert" listed
say "amtool alert query lists it while firing:"
cat "$work/amtool.txt"
wait_for 150 "a resolved DriftDetected notification" notified resolved
say "Alertmanager notified the webhook: resolved"
grep -c . "$work/notifications.jsonl" | xargs -I{} echo "[alertmanager-test] {} notifications received"

# The shipped example config's inhibit rule: a series' critical drift alert silences its warning, for both alert
# paths (DriftCritical/DriftWarning from the Prometheus rules, DriftDetected from Driftwatch). A copy that also
# requires equal alertnames (the old rule) must not pair DriftCritical with DriftWarning.
inhibition() { # config, port -> prints "<warning alertname>=<state>" for both paths
    local config=$1 port=$2
    prometheus-alertmanager --config.file="$config" --storage.path="$work/data-$port" \
        --web.listen-address=127.0.0.1:$port --cluster.listen-address= >"$work/alertmanager-$port.log" 2>&1 &
    local pid=$!
    pids+=($pid)
    for _ in $(seq 1 40); do curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break; sleep 0.5; done
    local now ends
    now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    ends=$(date -u -d '+10 min' +%Y-%m-%dT%H:%M:%SZ)
    local alerts="" name severity model
    for pair in "DriftCritical critical a" "DriftWarning warning a" "DriftDetected critical b" "DriftDetected warning b"; do
        read -r name severity model <<<"$pair"
        alerts+="${alerts:+,}{\"labels\":{\"alertname\":\"$name\",\"severity\":\"$severity\",\"service\":\"driftwatch\","
        alerts+="\"monitor\":\"score\",\"model\":\"$model\"},\"startsAt\":\"$now\",\"endsAt\":\"$ends\"}"
    done
    curl -sf -X POST -H 'Content-Type: application/json' -d "[$alerts]" "http://127.0.0.1:$port/api/v2/alerts"
    sleep 1
    amtool alert query --alertmanager.url="http://127.0.0.1:$port" --inhibited severity=warning -o json \
        | tr '{' '\n' | grep -o '"alertname":"[A-Za-z]*"' | cut -d'"' -f4 | sort | tr '\n' ' '
    kill "$pid"
}
inhibited=$(inhibition deploy/alertmanager/alertmanager.yml 19193)
say "inhibited warnings with deploy/alertmanager/alertmanager.yml: ${inhibited:-none}"
[[ $inhibited == "DriftDetected DriftWarning " ]] || { say "FAILED: expected both warnings inhibited"; exit 1; }
sed 's/equal: \[monitor, model\]/equal: [alertname, monitor, model]/' deploy/alertmanager/alertmanager.yml >"$work/old-inhibit.yml"
inhibited=$(inhibition "$work/old-inhibit.yml" 19194)
say "inhibited warnings with the old rule (equal alertname): ${inhibited:-none}"
[[ $inhibited == "DriftDetected " ]] || { say "FAILED: the old rule should miss DriftWarning"; exit 1; }
# One verdict per model with the shipped config (receivers pointed at a local webhook, 1 s group waits): six feature
# alerts of model credit under a critical DriftModel for credit give one notification, for the model, the six
# inhibited; a feature alert of another model is still delivered.
model_port=19195 model_hook=19196
sed -e "s|http://[a-z.-]*example.internal/drift|http://127.0.0.1:$model_hook/|" \
    -e 's/group_wait: 30s/group_wait: 1s/' -e 's/group_interval: 5m/group_interval: 1s/' \
    deploy/alertmanager/alertmanager.yml >"$work/shipped.yml"
amtool check-config "$work/shipped.yml" >/dev/null
java deploy/test/WebhookReceiver.java "$model_hook" "$work/model-notifications.jsonl" >"$work/model-receiver.log" 2>&1 &
pids+=($!)
prometheus-alertmanager --config.file="$work/shipped.yml" --storage.path="$work/data-model" \
    --web.listen-address=127.0.0.1:$model_port --cluster.listen-address= >"$work/alertmanager-model.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 40); do curl -sf "http://127.0.0.1:$model_port/-/ready" >/dev/null && break; sleep 0.5; done
for _ in $(seq 1 40); do curl -s "http://127.0.0.1:$model_hook/" >/dev/null 2>&1 && break; sleep 0.5; done
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ends=$(date -u -d '+10 min' +%Y-%m-%dT%H:%M:%SZ)
alerts=""
for spec in "DriftModel critical credit -" "DriftWarning warning credit f1" "DriftWarning warning credit f2" \
    "DriftWarning warning credit f3" "DriftCritical critical credit f4" "DriftCritical critical credit f5" \
    "DriftWarning warning credit f6" "DriftWarning warning churn f1"; do
    read -r name severity model monitor <<<"$spec"
    labels="\"alertname\":\"$name\",\"severity\":\"$severity\",\"service\":\"driftwatch\",\"model\":\"$model\""
    [[ $monitor == - ]] || labels+=",\"monitor\":\"$monitor\""
    alerts+="${alerts:+,}{\"labels\":{$labels},\"startsAt\":\"$now\",\"endsAt\":\"$ends\"}"
done
curl -sf -X POST -H 'Content-Type: application/json' -d "[$alerts]" "http://127.0.0.1:$model_port/api/v2/alerts"
delivered() { [[ $(grep -c . "$work/model-notifications.jsonl" 2>/dev/null) -ge 2 ]]; }
wait_for 30 "notifications for DriftModel credit and the churn feature alert" delivered
sleep 3 # anything else that would be sent is sent within a group_interval
python3 - "$work/model-notifications.jsonl" <<'PY'
import json, sys
alerts = [a["labels"] for line in open(sys.argv[1]) if line.strip() for a in json.loads(line)["alerts"]]
notes = [line for line in open(sys.argv[1]) if line.strip()]
credit = [a for a in alerts if a["model"] == "credit"]
print(f"[alertmanager-test] {len(notes)} notifications; credit: {sorted(a['alertname'] for a in credit)}; "
      f"churn: {sorted(a['alertname'] for a in alerts if a['model'] == 'churn')}")
assert [a["alertname"] for a in credit] == ["DriftModel"], "credit must notify once, for the model"
assert [a["alertname"] for a in alerts if a["model"] == "churn"] == ["DriftWarning"], "churn's alert must arrive"
PY
inhibited=$(amtool alert query --alertmanager.url="http://127.0.0.1:$model_port" --inhibited model=credit -o json \
    | python3 -c 'import json,sys; print(sum(1 for a in json.load(sys.stdin) if a["status"]["inhibitedBy"]))')
say "feature alerts of credit inhibited under DriftModel: $inhibited"
[[ $inhibited == 6 ]] || { say "FAILED: expected the 6 feature alerts of credit inhibited"; exit 1; }
say "PASSED"
