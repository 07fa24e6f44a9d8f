#!/usr/bin/env bash
# The Driftwatch demo in one command, on a fresh machine (needs only Java 17+):
#   build the app if needed, start a local Kafka broker, start Driftwatch with deploy/demo/demo.properties and its
#   built-in prediction simulator (model "fraud" drifts after 45 s, model "churn" never does), then print the KL of
#   every series every 5 seconds. Ctrl-C stops everything it started.
#
#   deploy/local/demo.sh            run until Ctrl-C
#   deploy/local/demo.sh --check    run until drift is detected and its alert fires (exit 0) or 150 s pass (exit 1)
#   deploy/local/demo.sh --keep-data   keep the broker's data from the last run (references uploaded over the API)
#
# Environment: DRIFTWATCH_PORT (default 8080), KAFKA_PORT / KAFKA_CONTROLLER_PORT (default 9092 / 9094).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
port=${DRIFTWATCH_PORT:-8080}
kafka_port=${KAFKA_PORT:-9092}
check=false
keep=()
for arg in "$@"; do
    case $arg in
        --check) check=true ;;
        --keep-data) keep=(--keep-data) ;; # keep the broker's data: uploaded references survive a restart
        *) echo "usage: $0 [--check] [--keep-data]" >&2; exit 2 ;;
    esac
done
jar=target/quarkus-app/quarkus-run.jar
mkdir -p target/demo
log=target/demo/driftwatch.log

say() { echo "[demo] $*"; }

if [[ ! -f $jar ]] || [[ -n $(find src pom.xml -newer "$jar" -print -quit) ]]; then
    say "building Driftwatch (first run downloads Maven and dependencies; a few minutes)"
    ./mvnw -B -q package -DskipTests -DskipITs
fi

app_pid=""
cleanup() {
    trap - INT TERM EXIT
    if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
        say "stopping Driftwatch (pid $app_pid)"
        kill "$app_pid" 2>/dev/null || true
        wait "$app_pid" 2>/dev/null || true
    fi
    bash deploy/local/kafka.sh stop || true
}
trap 'cleanup; exit 0' INT TERM # Ctrl-C or SIGTERM: a clean stop, not a failure
trap cleanup EXIT

bash deploy/local/kafka.sh start "${keep[@]}"
say "starting Driftwatch on http://127.0.0.1:$port (log: $log)"
java -Dquarkus.http.port="$port" -Dkafka.bootstrap.servers="127.0.0.1:$kafka_port" \
    -Dquarkus.config.locations=deploy/demo/demo.properties -jar "$jar" >"$log" 2>&1 &
app_pid=$!

for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/q/health/live" >/dev/null 2>&1 && break
    kill -0 "$app_pid" 2>/dev/null || { say "Driftwatch exited; last lines of $log:"; tail -n 30 "$log"; exit 1; }
    sleep 0.5
done

cat <<INFO
[demo] Driftwatch is running. Look at:
         http://127.0.0.1:$port/                 the page: every series, its histograms and KL trend
         http://127.0.0.1:$port/api/alerts       drift alerts (firing and recently resolved)
         http://127.0.0.1:$port/q/metrics        Prometheus metrics (drift_kl_divergence, drift_p_value, ...)
         http://127.0.0.1:$port/q/health          health
       The simulator sends 300 events/s for models "fraud" and "churn"; "fraud" drifts 45 s after start.
       Windows are 60 s long in 5 s panes, so its KL rises within ~10 s of the drift. Ctrl-C stops everything.
INFO

# one line per series: monitor, model, KL, p-value, window events, alert state (from drift_alert_state)
show() {
    awk -v metrics="$1" 'BEGIN {
        n = split(metrics, lines, "\n")
        for (i = 1; i <= n; i++) {
            line = lines[i]
            if (line !~ /^drift_(kl_divergence|p_value|window_samples|alert_state)\{/) continue
            name = substr(line, 1, index(line, "{") - 1)
            labels = substr(line, index(line, "{") + 1, index(line, "}") - index(line, "{") - 1)
            value = substr(line, index(line, "} ") + 2)
            model = labels; sub(/.*model="/, "", model); sub(/".*/, "", model)
            monitor = labels; sub(/.*monitor="/, "", monitor); sub(/".*/, "", monitor)
            key = monitor "/" model
            keys[key] = 1
            if (name == "drift_alert_state") {
                severity = labels; sub(/.*severity="/, "", severity); sub(/".*/, "", severity)
                if (value + 0 == 2) firing[key] = firing[key] " " severity
                else if (value + 0 == 1) pending[key] = pending[key] " " severity
            } else {
                v[name, key] = value
            }
        }
        count = 0
        for (k in keys) sorted[++count] = k
        for (i = 2; i <= count; i++) { x = sorted[i]; for (j = i - 1; j >= 1 && sorted[j] > x; j--) sorted[j + 1] = sorted[j]; sorted[j + 1] = x }
        if (count == 0) { print "  no series yet"; exit }
        printf "  %-22s %12s %11s %8s  %s\n", "series", "KL (nats)", "p-value", "events", "alert"
        for (i = 1; i <= count; i++) {
            k = sorted[i]
            state = firing[k] != "" ? "FIRING" firing[k] : (pending[k] != "" ? "pending" pending[k] : "ok")
            kl = v["drift_kl_divergence", k]; p = v["drift_p_value", k]
            printf "  %-22s %12s %11s %8d  %s%s\n", k, (kl == "NaN" ? "thin" : sprintf("%.6f", kl)),
                (p == "NaN" ? "–" : sprintf("%.3g", p)), v["drift_window_samples", k] + 0, state,
                (state ~ /^FIRING/ ? "   <<< drift" : "")
        }
    }'
}

# new alert transitions from the app's log: one marked line per firing or resolved alert
log_seen=0
alerts() {
    local total
    total=$(wc -l <"$log")
    ((total > log_seen)) || return 0
    sed -n "$((log_seen + 1)),${total}p" "$log" | awk '
        / alert [0-9a-f]+-[0-9a-f]+: (warning|critical) (firing|resolved) on / {
            line = substr($0, index($0, " alert ") + 7)
            split(line, w, " ")
            severity = w[2]; status = w[3]; series = w[5]; sub(/:$/, "", series)
            evidence = substr(line, index(line, series ": ") + length(series) + 2)
            if (status == "firing")
                printf "  >>> ALERT FIRING    %-8s %-20s %s\n", severity, series, evidence
            else
                printf "  <<< alert resolved  %-8s %-20s %s\n", severity, series, evidence
        }'
    log_seen=$total
}

started=$SECONDS
detected=""
while true; do
    sleep 5
    kill -0 "$app_pid" 2>/dev/null || { say "Driftwatch exited; last lines of $log:"; tail -n 30 "$log"; exit 1; }
    metrics=$(curl -fs "http://127.0.0.1:$port/q/metrics" || true)
    echo "---- t=$((SECONDS - started))s"
    show "$metrics"
    alerts >target/demo/alerts.txt # not in a $(...) subshell: alerts() remembers how far it read the log
    fired=$(cat target/demo/alerts.txt)
    [[ -n $fired ]] && echo "$fired"
    if [[ $check == true ]]; then
        fraud=$(grep -E '^drift_p_value\{model="fraud",monitor="score"[,}]' <<<"$metrics" | awk '{print $2}' || true)
        if [[ -z $detected && -n $fraud ]] && awk -v p="$fraud" 'BEGIN { exit !(p + 0 < 1e-6) }'; then
            detected=$((SECONDS - started))
            say "drift detected on fraud/score after $detected s (p = $fraud)"
        fi
        if [[ -n $detected ]] && grep -q 'ALERT FIRING .* score/fraud ' <<<"$fired"; then
            say "alert fired on fraud/score after $((SECONDS - started)) s"
            exit 0
        fi
        if ((SECONDS - started > 150)); then
            say "no drift alert within 150 s (drift detected: ${detected:-no})"
            exit 1
        fi
    fi
done
