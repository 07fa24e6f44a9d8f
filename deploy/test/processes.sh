# Sourced by the system-test scripts: every process they start goes into `pids` (pids+=($!)); on exit, however the
# script ends, those processes are stopped by PID and the local Kafka broker is stopped.
pids=()
cleanup_processes() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    bash deploy/local/kafka.sh stop >/dev/null 2>&1 || true
}
trap cleanup_processes EXIT
