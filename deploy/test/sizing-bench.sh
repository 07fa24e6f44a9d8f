#!/usr/bin/env bash
# Sizing: per-series heap and /q/metrics scrape time at a given number of series, with the heap of the Kubernetes
# base's 512 MiB pod. For each SERIES count, Driftwatch (the demo's four monitors) starts with -Xmx$HEAP and
# driftwatch.max-series above the count; its live heap (the total of jcmd GC.class_histogram, which runs a full GC) is
# taken, then EVENTS_PER_SERIES events for each of SERIES/4 models are produced; once every series exists, the live
# heap and the median of five scrapes of /q/metrics and /api/monitors are reported, with the largest classes of a heap
# histogram in bytes per series. A benchmark: it reports numbers, it asserts nothing.
# With FEATURES=60, Driftwatch runs one field pattern (fields=/features/*) instead, its 60 features (40 numeric of
# 20 quantile bins, 20 categorical of 5 categories) from one training CSV written here, and SERIES/60 models each send
# events carrying all 60 features: e.g. FEATURES=60 bash deploy/test/sizing-bench.sh 6000 (100 models x 60 features).
#   bash deploy/test/sizing-bench.sh [SERIES...]        (default: 1000 10000; HEAP=410m EVENTS_PER_SERIES=20)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
counts=("$@")
[[ ${#counts[@]} -gt 0 ]] || counts=(1000 10000)
heap=${HEAP:-410m}
per_series=${EVENTS_PER_SERIES:-20}
port=18085
work=target/sizing-bench
rm -rf "$work" && mkdir -p "$work"
source deploy/test/processes.sh
bash deploy/local/kafka.sh start
jar=target/quarkus-app/quarkus-run.jar
[[ -f $jar ]] || ./mvnw -B -q package -DskipTests -DskipITs

heap_used_mb() { # live heap of $1, MB: the total of a class histogram (live objects after a full GC), kept in $2 (the
    # heap's "used" read after a separate GC.run also counted what the app allocated between the two commands)
    jcmd "$1" GC.class_histogram >"$2"
    awk '/^Total/ { print int($3 / 1048576) }' "$2"
}
median_seconds() { # median wall time of five GETs of a path, and its size in bytes
    local path=$1 times=() size
    for _ in 1 2 3 4 5; do
        read -r t size < <(curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "http://127.0.0.1:$port$path")
        times+=("$t")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v s="$size" 'NR == 3 { printf "%.2f s, %.1f MB", $1, s / 1e6 }'
}

features=${FEATURES:-0}
config=deploy/demo/demo.properties
per_model=4
if ((features > 0)); then
    per_model=$features
    numeric=$((features * 2 / 3))
    awk -v f="$features" -v num="$numeric" 'BEGIN { srand(1)
        for (i = 0; i < f; i++) printf "%s%s", (i ? "," : ""), (i < num ? "f" i : "c" (i - num)); print ""
        for (r = 0; r < 20000; r++) { for (i = 0; i < f; i++) {
            if (i < num) v = sprintf("%.5f", rand() * 3); else v = substr("abcde", int(rand() * 5) + 1, 1)
            printf "%s%s", (i ? "," : ""), v }
            print "" } }' >"$work/training.csv"
    config=$work/features.properties
    cat >"$config" <<EOF2
config_ordinal=250
driftwatch.monitors.features.fields=/features/*
driftwatch.monitors.features.reference=$work/training.csv
driftwatch.monitors.features.window=60s
driftwatch.monitors.features.pane=5s
EOF2
fi
for series in "${counts[@]}"; do
    models=$((series / per_model))
    topic=sizing-$series-$RANDOM
    java -Xmx"$heap" -Dquarkus.http.port=$port -Dquarkus.config.locations="$config" \
        -Ddriftwatch.simulator.enabled=false -Ddriftwatch.input.topic="$topic" \
        -Ddriftwatch.input.group="$topic" -Ddriftwatch.idle-timeout=30m \
        -Ddriftwatch.max-series=$((series + 100)) -jar "$jar" >"$work/driftwatch-$series.log" 2>&1 &
    app=$!
    pids+=("$app")
    until curl -fs "http://127.0.0.1:$port/q/health/live" >/dev/null 2>&1; do sleep 0.5; done
    sleep 3
    base=$(heap_used_mb "$app" "$work/histogram-$series-start.txt") # no series yet: the events are produced now
    java -cp "deploy/local/target/libs/*" deploy/test/ProduceEvents.java 127.0.0.1:9092 "$topic" \
        $((models * per_series)) 0 "$models" "$features" >/dev/null
    while true; do
        n=$(curl -fs --max-time 60 "http://127.0.0.1:$port/q/metrics" 2>/dev/null |
            awk '/^drift_series / { print int($2) }' || true)
        [[ ${n:-0} -ge $series ]] && break
        if ! kill -0 "$app" 2>/dev/null; then
            echo "[sizing] $series series: Driftwatch exited; see $work/driftwatch-$series.log"
            exit 1
        fi
        if grep -q OutOfMemoryError "$work/driftwatch-$series.log"; then
            echo "[sizing] $series series, -Xmx$heap: OutOfMemoryError at ${n:-?} series; see $work/driftwatch-$series.log"
            continue 2
        fi
        sleep 2
    done
    sleep 3
    used=$(heap_used_mb "$app" "$work/histogram-$series.txt")
    metrics=$(median_seconds /q/metrics)
    monitors=$(median_seconds /api/monitors)
    awk -v s="$series" -v b="$base" -v u="$used" -v h="$heap" -v m="$metrics" -v a="$monitors" 'BEGIN {
        printf "[sizing] %d series, -Xmx%s: live heap %d MB (%d MB at start), %.1f KB per series; /q/metrics %s; /api/monitors %s\n", s, h, u, b, (u - b) * 1024 / s, m, a }'
    # where the per-series bytes are: the largest classes of that histogram, in bytes per series
    awk -v s="$series" 'NR > 3 && NR <= 15 {
        printf "[sizing]   %-60s %9d objects %8.0f B/series\n", $4, $2, $3 / s }' "$work/histogram-$series.txt"
    kill "$app"
    wait "$app" 2>/dev/null || true
done
