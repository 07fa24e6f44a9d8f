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
source deploy/test/bench-job.sh
ROUNDS=${1:?rounds}; shift
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
bench_setup
TAG=$(date +%s) n=0
for r in $(seq 1 "$ROUNDS"); do
  for spec in "$@"; do
    IFS='|' read -r label jar extra <<<"$spec"
    n=$((n + 1))
    # shellcheck disable=SC2086 # extra holds several options
    dw_start "$jar" "ab-$TAG-$n" "$WORK/ab-$n.log" $extra
    count_reset
    deadline=$((SECONDS + 240))
    while [ $SECONDS -lt $deadline ]; do
      count_tick && break
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
