#!/usr/bin/env bash
# Sends prediction events (JSON, one per line) to the local broker's topic, for trying Driftwatch by hand:
#   deploy/local/send.sh '{"model":"my-model","latency_ms":130}'      one event given as an argument
#   deploy/local/send.sh < events.jsonl                               one event per line of standard input
# Environment: KAFKA_PORT (default 9092), TOPIC (default predictions). Needs the jars `kafka.sh start` fetched.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ -f $here/target/libs/.complete ]] || { echo "run deploy/local/kafka.sh start first (it fetches the Kafka jars)" >&2; exit 1; }
bootstrap=127.0.0.1:${KAFKA_PORT:-9092}
java=(java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$here/target/libs/*" "$here/SendEvents.java")
if (($#)); then
    printf '%s\n' "$@" | "${java[@]}" "$bootstrap" "${TOPIC:-predictions}"
else
    "${java[@]}" "$bootstrap" "${TOPIC:-predictions}"
fi
