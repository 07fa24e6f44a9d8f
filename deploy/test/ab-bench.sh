#!/usr/bin/env bash
# A/B throughput of Driftwatch builds or settings on ONE broker and ONE topic: the compare.sh job (3 monitors x 2
# models, 5 min windows of 10 s panes, RECORDS records of ~110 B, 4 partitions) consumed by each variant in turn, ROUNDS
# rounds, alternated so that the machine's noise hits all alike; each run in a fresh consumer group. Rate = events
# counted in drift_events_total from the first to the last (JVM start excluded), as compare.sh measures it.
# A benchmark: it reports numbers, it asserts nothing. Needs ../shared/bench (compare.sh's broker scripts and
# generator) and python3-scipy; uses 127.0.0.1:9092/9094 and /tmp/peer-work like compare.sh.
#   bash deploy/test/ab-bench.sh ROUNDS "label|path/to/quarkus-run.jar|extra JVM and -D options" ...
#   e.g. bash deploy/test/ab-bench.sh 3 "one|target/quarkus-app/quarkus-run.jar|" \
#            "two|target/quarkus-app/quarkus-run.jar|-Ddriftwatch.events.ingest-threads=2"
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BENCH=$(cd ../shared/bench && pwd) || { echo "no ../shared/bench"; exit 2; }
KTOOLS=$BENCH/kafka WORK=/tmp/peer-work PEER=/tmp/peer-work/peer
RECORDS=${RECORDS:-2000000} ROUNDS=${1:?rounds}; shift
DWPORT=18190 DW=""
cleanup() { [ -n "$DW" ] && kill "$DW" 2>/dev/null; "$KTOOLS/stop-kafka.sh" >/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$WORK"
rm -rf "$PEER" && mkdir -p "$PEER" && cp -r "$BENCH/peer/pom.xml" "$BENCH/peer/src" "$PEER/"
(cd "$PEER" && mvn -q -B package) || exit 1
APP_CP="$PEER/target/classes:$PEER/target/lib/*"
"$KTOOLS/stop-kafka.sh" >/dev/null; "$KTOOLS/start-kafka.sh" >/dev/null || exit 1
java -Xmx512m -cp "$APP_CP" peer.Gen --records "$RECORDS" --expected "$WORK/expected.txt" >/dev/null || exit 1
python3 - "$WORK" <<'PY'
import json, math, sys
from scipy.stats import beta, norm
w = sys.argv[1]
lv = [0.05 + k * 0.90 / 19 for k in range(20)]
probs = [lv[0]] + [lv[i] - lv[i - 1] for i in range(1, 20)] + [1 - lv[-1]]
c = [round(p * 100000) for p in probs]
for name, edges in [("score", [float(beta.ppf(q, 2, 5)) for q in lv]),
                    ("amount", [math.exp(3.8 + 1.1 * float(norm.ppf(q))) for q in lv])]:
    json.dump({"edges": edges, "counts": c[1:-1], "underflow": c[0], "overflow": c[-1]}, open(f"{w}/dw-{name}.json", "w"))
json.dump({"categories": ["fraud", "ok"], "counts": [12000, 87900], "unseen": 100}, open(f"{w}/dw-label.json", "w"))
PY
counted() { curl -fs "http://127.0.0.1:$DWPORT/q/metrics" 2>/dev/null | awk '/^drift_events_total\{/ {s+=$2} END {printf "%d", s}'; }
TAG=$(date +%s) n=0
for r in $(seq 1 "$ROUNDS"); do
  for spec in "$@"; do
    IFS='|' read -r label jar extra <<<"$spec"
    n=$((n + 1)) args=()
    for m in score:numeric amount:numeric label:categorical; do
      nm=${m%%:*} k=${m##*:}
      args+=("-Ddriftwatch.monitors.$nm.field=/$nm" "-Ddriftwatch.monitors.$nm.kind=$k"
             "-Ddriftwatch.monitors.$nm.reference=$WORK/dw-$nm.json" "-Ddriftwatch.monitors.$nm.window=5m"
             "-Ddriftwatch.monitors.$nm.pane=10s")
    done
    # shellcheck disable=SC2086 # extra holds several options
    java -Xmx512m -Dquarkus.http.port=$DWPORT -Dkafka.bootstrap.servers=127.0.0.1:9092 \
        -Ddriftwatch.input.topic=predictions -Ddriftwatch.input.group="ab-$TAG-$n" \
        -Ddriftwatch.idle-timeout=2h -Ddriftwatch.events.allowed-lateness=2h -Ddriftwatch.references.topic="abref-$TAG-$n" \
        "${args[@]}" $extra -jar "$jar" >"$WORK/ab-$n.log" 2>&1 &
    DW=$! start="" first=0 c=0 deadline=$((SECONDS + 240))
    while [ $SECONDS -lt $deadline ]; do
      c=$(counted); c=${c:-0}
      now=$(date +%s.%N)
      if [ -z "$start" ] && [ "$c" -gt 0 ]; then start=$now first=$c; fi
      [ "$c" -ge "$RECORDS" ] && break
      sleep 0.1
    done
    end=$(date +%s.%N)
    cpu=$(awk '{print ($14 + $15) / 100}' "/proc/$DW/stat")
    kill "$DW"; wait "$DW" 2>/dev/null; DW=""
    if [ "$c" -lt "$RECORDS" ]; then printf "%s\t%s\tFAIL(count=%s)\n" "$label" "$r" "$c"; continue; fi
    printf "%s\tround %s\t%s events/s\tcpu %ss incl. start\n" "$label" "$r" \
        "$(awk -v n="$RECORDS" -v f="$first" -v s="$start" -v e="$end" 'BEGIN{printf "%.0f", (n - f) / (e - s)}')" "$cpu"
  done
done
