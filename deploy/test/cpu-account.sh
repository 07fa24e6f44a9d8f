#!/usr/bin/env bash
# Where the CPU goes, per thread: compare.sh's job (RECORDS records, 3 monitors x 2 models) consumed by the packaged
# app and by compare.sh's hand-written one-thread peer (peer.PlainApp), one after the other on one broker, ROUNDS
# rounds. For each run: its rate (whole run and second half), its process CPU incl. start, and that CPU split by
# thread (threads of one pool summed: "GC Thread#" is all the GC workers), in seconds and in ns per event; for the app
# also split at its first counted event (the start before it, the records after it). Threads are read from /proc
# every POLL_S seconds until the run ends; "exited threads" is what threads that ended before the last read used (and,
# for the peer, which exits by itself, its last POLL_S). The app's count is read from /q/metrics at the same pace
# (POLL_S=0.1, as compare.sh reads it; each read is a scrape that the app pays for).
# JIT=1 also records every JIT compilation (JFR, jdk.Compilation) in both and sums the compiler threads' time by what
# was compiled and by whether it was before the app's first counted event or after.
# A benchmark: it reports numbers, it asserts nothing. Needs what ab-bench.sh needs.
#   RECORDS=8000000 [JIT=1] bash deploy/test/cpu-account.sh [ROUNDS=1] [extra JVM and -D options for the app...]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source deploy/test/bench-job.sh
ROUNDS=${1:-1}; shift || true
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || { echo "no $JAR (./mvnw -B -q package -DskipTests)"; exit 2; }
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
bench_setup
TAG=$(date +%s) JIT=${JIT:-0} POLL_S=${POLL_S:-0.1}
cat >"$WORK/compilation.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="every JIT compilation">
  <event name="jdk.Compilation"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
</configuration>
JFC
jfr_opt() { [ "$JIT" = 1 ] && echo "-XX:StartFlightRecording=filename=$WORK/acct-$1.jfr,settings=$WORK/compilation.jfc"; }
# jit_account NAME FIRST_EVENT_EPOCH: compilation time by area of the code compiled, before and after the first event
jit_account() {
  [ "$JIT" = 1 ] || return 0
  jfr print --json --events jdk.Compilation "$WORK/acct-$1.jfr" >"$WORK/acct-$1.json" || return 0
  python3 - "$WORK/acct-$1.json" "$2" <<'PY'
import collections, datetime, json, re, sys
areas = [("event path", r"^io/driftwatch/(ingest|panes|core)/|^peer/"),
         ("owner, alerts, monitors", r"^io/driftwatch/(owner|alerting|monitor|reference|health)/"),
         ("scrape and HTTP", r"^io/driftwatch/(metrics|api)/|^io/(micrometer|prometheus|vertx|netty)/"
                             r"|^io/quarkus/(micrometer|vertx|resteasy)|^jdk/internal/math/"),
         ("Kafka clients", r"^org/apache/kafka/|^net/jpountz/|^com/github/luben/"),
         ("Jackson", r"^com/fasterxml/"),
         ("start-up (Quarkus, config, CDI, class generation)", r"^io/(quarkus|smallrye)/|^org/jboss/"
              r"|^jdk/internal/org/objectweb/|^java/lang/invoke/|^jdk/internal/(loader|reflect)/|^java/util/(zip|jar)/"
              r"|^sun/reflect/|^org/yaml/"),
         ("other JDK", r"^(java|javax|jdk|sun)/"),
         ("other", r"")]
first = float(sys.argv[2]) if sys.argv[2] else float("inf")
t = collections.defaultdict(float)
for e in json.load(open(sys.argv[1]))["recording"]["events"]:
    v = e["values"]; name = v["method"]["type"]["name"]
    area = next(a for a, rx in areas if re.search(rx, name))
    mins, _, secs = v["duration"].removeprefix("PT").removesuffix("S").rpartition("M")
    ms = (float(mins or 0) * 60 + float(secs)) * 1000
    at = datetime.datetime.fromisoformat(v["startTime"][:26].removesuffix("Z")).replace(
        tzinfo=datetime.timezone.utc).timestamp()
    t[(area, "C2" if v["compileLevel"] == 4 else "C1", at >= first)] += ms
print("  JIT compilations, ms of compiler-thread wall time (includes waiting for a core), by what was compiled:")
print("  %-52s %9s %9s %9s %9s" % ("", "C2 before", "C2 after", "C1 before", "C1 after"))
for a, _ in areas:
    r = [t[(a, c, after)] for c in ("C2", "C1") for after in (False, True)]
    if sum(r): print("  %-52s %9.0f %9.0f %9.0f %9.0f" % (a, *r))
r = [sum(v for (a, c, af), v in t.items() if c == cc and af == aft) for cc in ("C2", "C1") for aft in (False, True)]
print("  %-52s %9.0f %9.0f %9.0f %9.0f" % ("all (before/after the first counted event)", *r))
PY
}
# threads PID: "<pool>\t<ticks>" per live thread, digits dropped from the name so a pool is one row
threads() {
  awk '{ match($0, /\(.*\)/); name = substr($0, RSTART + 1, RLENGTH - 2); sub(/[0-9]*$/, "", name)
         split(substr($0, RSTART + RLENGTH + 1), f, " "); print name "\t" f[12] + f[13] }' /proc/"$1"/task/*/stat 2>/dev/null
}
# account NAME PID: samples PID's threads until it ends or `done_when` says so; prints the table
account() {
  local name=$1 pid=$2 snap=$WORK/acct-$1.tsv total=0 best=0 sum
  while kill -0 "$pid" 2>/dev/null; do
    # a process that is ending lists fewer threads: keep the last read that saw at least as much CPU
    threads "$pid" >"$snap.new"
    sum=$(awk -F'\t' '{s += $2} END {print s + 0}' "$snap.new")
    if [ "$sum" -ge "$best" ]; then
      best=$sum total=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo "$total")
      mv "$snap.new" "$snap"
    fi
    done_when && break
    sleep "$POLL_S"
  done
  # with a snapshot taken at the first counted event (acct-NAME-start.tsv, first line "#total<TAB>ticks"), each row
  # also says what the thread used before it and after it (per event after it)
  local at=$WORK/acct-$name-start.tsv
  [ -f "$at" ] || printf '#total\t-1\n' >"$at"
  awk -F'\t' -v total="$total" -v n="$RECORDS" -v name="$name" '
    FNR == NR { if ($1 == "#total") t0 = $2; else b[$1] += $2; next }
    $2 != "" { t[$1] += $2; s += $2 }
    function row(label, all, before) {
      if (t0 < 0) printf "%9.2f s %7.0f ns/event  %s\n", all / 100, all * 1e7 / n, label | "sort -rn"
      else printf "%9.2f s %7.0f ns/event %9.2f s %9.2f s %7.0f ns/event  %s\n", all / 100, all * 1e7 / n,
          before / 100, (all - before) / 100, (all - before) * 1e7 / n, label | "sort -rn"
    }
    END {
      printf "%s: process CPU %.2f s incl. start = %.0f ns per event\n", name, total / 100, total * 1e7 / n
      if (t0 >= 0) printf "%9s %15s %11s %27s\n", "whole run", "", "before the first counted event", "after it"
      for (k in t) if (t[k] > 0) { row(k, t[k], b[k]); bs += b[k] }
      close("sort -rn")
      if (t0 < 0) printf "%9.2f s %7.0f ns/event  (exited threads)\n", (total - s) / 100, (total - s) * 1e7 / n
      else {
        printf "%9.2f s %7.0f ns/event %9.2f s %9.2f s %7.0f ns/event  (exited threads)\n", (total - s) / 100,
            (total - s) * 1e7 / n, (t0 - bs) / 100, (total - s - t0 + bs) / 100, (total - s - t0 + bs) * 1e7 / n
        printf "%9.2f s %7.0f ns/event %9.2f s %9.2f s %7.0f ns/event  process\n", total / 100, total * 1e7 / n,
            t0 / 100, (total - t0) / 100, (total - t0) * 1e7 / n
      }
    }' "$at" "$snap"
}
for r in $(seq 1 "$ROUNDS"); do
  rm -f "$WORK"/acct-*-start.tsv
  # shellcheck disable=SC2046 # jfr_opt is one option or none
  dw_start "$JAR" "acct-$TAG-$r" "$WORK/acct-dw-$r.log" $(jfr_opt dw) "$@"
  count_reset
  deadline=$((SECONDS + 600))
  done_when() {
    local before=$start all=false
    count_tick && all=true
    if [ -z "$before" ] && [ -n "$start" ]; then # the first counted event: the start's account
      { printf '#total\t%s\n' "$(awk '{print $14 + $15}' "/proc/$DW/stat")"; threads "$DW"; } >"$WORK/acct-driftwatch-start.tsv"
    fi
    $all || [ $SECONDS -ge $deadline ]
  }
  account driftwatch "$DW" >"$WORK/acct-dw-$r.txt"
  end=$(date +%s.%N)
  kill "$DW"; wait "$DW" 2>/dev/null; DW=""
  echo "== round $r: $RECORDS records"
  if [ "$c" -lt "$RECORDS" ]; then echo "driftwatch FAILED: counted $c"; else
    awk -v n="$c" -v f="$first" -v s="$start" -v h="$half" -v hc="$hc" -v e="$end" \
        'BEGIN { printf "driftwatch: %.0f events/s whole run, %.0f second half\n", (n - f) / (e - s), (n - hc) / (e - h) }'
  fi
  cat "$WORK/acct-dw-$r.txt"
  jit_account dw "$start"
  # shellcheck disable=SC2046
  java -Xmx512m $(jfr_opt plain) -cp "$APP_CP" peer.PlainApp --records "$RECORDS" --group "acct-plain-$TAG-$r" >"$WORK/acct-plain-$r.log" 2>&1 &
  peer=$!
  done_when() { false; }
  account plain-consumer-1thr "$peer" >"$WORK/acct-plain-$r.txt"
  wait "$peer"
  grep '^RESULT' "$WORK/acct-plain-$r.log" | grep -o 'rps_from_first=[^ ]*\|rps_second_half=[^ ]*' | paste -sd' ' |
      sed 's/^/plain-consumer-1thr: /'
  cat "$WORK/acct-plain-$r.txt"
  jit_account plain ""
done
