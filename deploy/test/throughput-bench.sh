#!/usr/bin/env bash
# End-to-end throughput: N events (BAD_PERCENT of them bad) are produced to a fresh topic first, then Driftwatch
# (the demo's four monitors, two models) starts and consumes the backlog; the time from its first to its last
# counted event gives events/s. A benchmark: it reports a number, it asserts nothing.
#   bash deploy/test/throughput-bench.sh [N=1000000] [BAD_PERCENT=0]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
n=${1:-1000000}
bad=${2:-0}
port=18084
work=target/throughput-bench
rm -rf "$work" && mkdir -p "$work"
source deploy/test/processes.sh
bash deploy/local/kafka.sh start
topic=bench-$RANDOM
java -cp "deploy/local/target/libs/*" deploy/test/ProduceEvents.java 127.0.0.1:9092 "$topic" "$n" "$bad"

java -Dquarkus.http.port=$port -Dquarkus.config.locations=deploy/demo/demo.properties \
    -Ddriftwatch.simulator.enabled=false -Ddriftwatch.input.topic="$topic" \
    -Ddriftwatch.input.group="$topic" -Ddriftwatch.idle-timeout=30m \
    -jar target/quarkus-app/quarkus-run.jar >"$work/driftwatch.log" 2>&1 &
pids+=($!)
counted() {
    curl -fs "http://127.0.0.1:$port/q/metrics" 2>/dev/null |
        awk '/^drift_events_total\{/ { sum += $2 } END { printf "%d", sum }'
}
first="" start=""
while true; do
    c=$(counted || echo 0)
    now=$(date +%s.%N)
    if [[ -z $start && ${c:-0} -gt 0 ]]; then start=$now first=$c; fi
    if [[ ${c:-0} -ge $n ]]; then break; fi
    sleep 0.2
done
end=$(date +%s.%N)
awk -v n="$n" -v f="$first" -v s="$start" -v e="$end" -v b="$bad" \
    'BEGIN { printf "[throughput] %d events (%d%% bad) through 4 monitors x 2 models: %.0f events/s (%.2f s)\n", n, b, (n - f) / (e - s), e - s }'
# what stage 1's transactions cost (the ingest thread waits while one commits)
curl -fs "http://127.0.0.1:$port/q/metrics" | awk '
    /^drift_pane_flush_seconds_count/ { n = $2 } /^drift_pane_flush_seconds_sum/ { s = $2 }
    /^drift_pane_flush_seconds_max/ { m = $2 } /^drift_pane_deltas_published_total/ { d = $2 }
    END { if (n > 0) printf "[throughput] %d flushes (transactions), mean %.1f ms, max %.1f ms; %d pane deltas\n", n, 1000 * s / n, 1000 * m, d }'
