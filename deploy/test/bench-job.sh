# Sourced by ab-bench.sh and cpu-account.sh: compare.sh's job on compare.sh's broker. `bench_setup` builds the peers
# from ../shared/bench, starts the broker on 127.0.0.1:9092/9094 (data in /tmp/peer-work), produces RECORDS records of
# ~110 B to 4 partitions and writes the references with the peers' bins (needs python3-scipy); `dw_start` starts the
# packaged app on that job (3 monitors x 2 models, 5 min windows of 10 s panes) in DW; `counted` reads how many events
# it has counted, `count_tick` also when the counting started. The caller's EXIT trap calls `bench_cleanup`, which stops the app and the broker by PID.
BENCH=$(cd ../shared/bench && pwd) || { echo "no ../shared/bench"; exit 2; }
KTOOLS=$BENCH/kafka WORK=/tmp/peer-work PEER=/tmp/peer-work/peer
APP_CP="$PEER/target/classes:$PEER/target/lib/*"
RECORDS=${RECORDS:-2000000}
DWPORT=18190 DW=""
bench_cleanup() { [ -n "$DW" ] && kill "$DW" 2>/dev/null; "$KTOOLS/stop-kafka.sh" >/dev/null; }
bench_setup() {
  mkdir -p "$WORK"
  rm -rf "$PEER" && mkdir -p "$PEER" && cp -r "$BENCH/peer/pom.xml" "$BENCH/peer/src" "$PEER/"
  (cd "$PEER" && mvn -q -B package) || exit 1
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
}
# dw_start JAR GROUP LOG [extra JVM and -D options...]
dw_start() {
  local jar=$1 group=$2 log=$3 args=() m nm k
  shift 3
  for m in score:numeric amount:numeric label:categorical; do
    nm=${m%%:*} k=${m##*:}
    args+=("-Ddriftwatch.monitors.$nm.field=/$nm" "-Ddriftwatch.monitors.$nm.kind=$k"
           "-Ddriftwatch.monitors.$nm.reference=$WORK/dw-$nm.json" "-Ddriftwatch.monitors.$nm.window=5m"
           "-Ddriftwatch.monitors.$nm.pane=10s")
  done
  java -Xmx512m -Dquarkus.http.port=$DWPORT -Dkafka.bootstrap.servers=127.0.0.1:9092 \
      -Ddriftwatch.input.topic=predictions -Ddriftwatch.input.group="$group" \
      -Ddriftwatch.idle-timeout=2h -Ddriftwatch.events.allowed-lateness=2h -Ddriftwatch.references.topic="$group-ref" \
      "${args[@]}" "$@" -jar "$jar" >"$log" 2>&1 &
  DW=$!
}
counted() { curl -fs "http://127.0.0.1:$DWPORT/q/metrics" 2>/dev/null | awk '/^drift_events_total\{/ {s+=$2} END {printf "%d", s}'; }
# count_reset, then count_tick at each read: c is the app's count; start/first are when (epoch s) and at what count it
# was first above 0, half/hc when it first reached RECORDS/2; count_tick succeeds once all RECORDS are counted
count_reset() { start="" first=0 half="" hc=0 c=0; }
count_tick() {
  local now
  c=$(counted); c=${c:-0}
  now=$(date +%s.%N)
  if [ -z "$start" ] && [ "$c" -gt 0 ]; then start=$now first=$c; fi
  if [ -z "$half" ] && [ "$c" -ge $((RECORDS / 2)) ]; then half=$now hc=$c; fi
  [ "$c" -ge "$RECORDS" ]
}
