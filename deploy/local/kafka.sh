#!/usr/bin/env bash
# Start / stop a single-node KRaft Apache Kafka broker for local runs and integration tests.
#
#   deploy/local/kafka.sh start [--keep-data]   fetch jars (first time), format, start, wait until ready
#   deploy/local/kafka.sh stop                  stop the broker started by `start` (by PID)
#   deploy/local/kafka.sh status                exit 0 when it is running
#
# The broker listens on 127.0.0.1 only: clients on KAFKA_PORT (default 9092), the KRaft controller on
# KAFKA_CONTROLLER_PORT (default 9094). Its data, log and PID file live in KAFKA_STATE_DIR
# (default <repo>/target/kafka). `start` wipes the data unless --keep-data is given.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9094}
state=${KAFKA_STATE_DIR:-$root/target/kafka}
libs="$here/target/libs"
pidfile="$state/kafka.pid"
log="$state/broker.log"

log() { echo "[kafka.sh] $*" >&2; }

running_pid() {
    [[ -f $pidfile ]] || return 1
    local pid
    pid=$(cat "$pidfile")
    kill -0 "$pid" 2>/dev/null && echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fetch_jars() {
    if [[ -f $libs/.complete ]]; then return; fi
    log "collecting Kafka broker jars from Maven Central into $libs"
    rm -rf "$libs"
    "$root/mvnw" -B -q -f "$here/kafka-pom.xml" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$libs"
    touch "$libs/.complete"
}

write_config() {
    cat >"$state/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$state/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
message.max.bytes=4194304
PROPS
}

start() {
    local keep=false
    [[ ${1:-} == --keep-data ]] && keep=true
    if pid=$(running_pid); then
        log "a broker started by this script is already running (pid $pid); stopping it first"
        stop
    fi
    if port_open "$port" || port_open "$controller_port"; then
        log "port $port or $controller_port on 127.0.0.1 is already in use by another process;"
        log "stop it or set KAFKA_PORT / KAFKA_CONTROLLER_PORT"
        exit 1
    fi
    fetch_jars
    mkdir -p "$state"
    write_config
    if [[ $keep == false || ! -f $state/data/meta.properties ]]; then
        rm -rf "$state/data"
        local cluster_id
        cluster_id=$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
        java -cp "$libs/*" kafka.tools.StorageTool format --standalone -t "$cluster_id" \
            -c "$state/server.properties" >"$state/format.log" 2>&1 \
            || { log "formatting the storage failed:"; cat "$state/format.log" >&2; exit 1; }
    fi
    log "starting broker on 127.0.0.1:$port (controller $controller_port), log: $log"
    nohup java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
        -Dorg.slf4j.simpleLogger.defaultLogLevel=info \
        -cp "$libs/*" kafka.Kafka "$state/server.properties" >"$log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    local deadline=$((SECONDS + 90))
    until grep -q "Kafka Server started" "$log" 2>/dev/null && port_open "$port"; do
        if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
            log "the broker exited during start-up; last lines of $log:"
            tail -n 40 "$log" >&2
            exit 1
        fi
        if ((SECONDS > deadline)); then
            log "the broker was not ready after 90 s; last lines of $log:"
            tail -n 40 "$log" >&2
            stop
            exit 1
        fi
        sleep 0.3
    done
    log "broker ready (pid $(cat "$pidfile"))"
}

stop() {
    local pid
    if ! pid=$(running_pid); then
        log "no broker running from $pidfile"
        rm -f "$pidfile"
        return 0
    fi
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "broker $pid did not stop within 30 s; killing it"
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
    log "broker stopped (pid $pid)"
}

case ${1:-} in
start) shift; start "$@" ;;
stop) stop ;;
status) if pid=$(running_pid); then echo "running (pid $pid)"; else echo "not running"; exit 1; fi ;;
*) echo "usage: $0 start [--keep-data] | stop | status" >&2; exit 2 ;;
esac
