#!/usr/bin/env bash
# Live check of the dashboard and the rules: local broker + packaged Driftwatch + simulator (drifts after 20 s) +
# a real Prometheus scraping it every 2 s with deploy/prometheus/rules. Every dashboard query must return at least
# one series, and DriftWarning, then DriftModel (the simulator drifts every monitor of one model) must reach `firing`
# in Prometheus once the simulator drifts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
say() { echo "[live-scrape] $*"; }
prom_port=19090
app_port=18083
work=target/live-scrape
rm -rf "$work" && mkdir -p "$work"

source deploy/test/processes.sh

bash deploy/local/kafka.sh start
props=(-Dquarkus.http.port=$app_port -Dquarkus.config.locations=deploy/demo/demo.properties
    -Ddriftwatch.simulator.drift-after=20s)
for m in score label amount country; do
    props+=(-Ddriftwatch.monitors.$m.window=30s -Ddriftwatch.monitors.$m.pane=2s)
done
java "${props[@]}" -jar target/quarkus-app/quarkus-run.jar >"$work/driftwatch.log" 2>&1 &
pids+=($!)

cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 2s
  evaluation_interval: 2s
rule_files:
  - $PWD/deploy/prometheus/rules/driftwatch.rules.yml
scrape_configs:
  - job_name: driftwatch
    metrics_path: /q/metrics
    static_configs:
      - targets: ["127.0.0.1:$app_port"]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address=127.0.0.1:$prom_port >"$work/prometheus.log" 2>&1 &
pids+=($!)

firing() { # alertname
    curl -fs "http://127.0.0.1:$prom_port/api/v1/alerts" >"$work/alerts.json" 2>/dev/null &&
        node -e 'const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).data.alerts;
            process.exit(a.some((x) => x.labels.alertname === process.argv[2] && x.state === "firing") ? 0 : 1)' \
            "$work/alerts.json" "$1"
}
for alert in DriftWarning DriftModel; do
    deadline=$((SECONDS + 240))
    until firing $alert; do
        if ((SECONDS > deadline)); then
            say "FAILED: $alert did not reach firing in Prometheus"
            curl -fs "http://127.0.0.1:$prom_port/api/v1/alerts" || true
            tail -20 "$work/prometheus.log"
            exit 1
        fi
        sleep 2
    done
    say "$alert is firing in Prometheus after $SECONDS s"
done
node -e 'for (const x of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).data.alerts)
    console.log(`  ${x.state} ${x.labels.alertname} ${x.labels.monitor ?? "(model)"}/${x.labels.model}: ${x.annotations.summary}`)' \
    "$work/alerts.json"
node deploy/checks/check-queries.mjs "http://127.0.0.1:$prom_port"
say "PASSED"
