#!/usr/bin/env bash
# Alert calibration harness: how often each alert rule pages on quiet series, and how fast it sees drift,
# simulated with Driftwatch's own core classes (io.driftwatch.calibration.AlertCalibration), seeded, no broker.
#   bash deploy/test/alert-calibration.sh           full run: 200 days per rate, 200 trials per drift (a few minutes)
#   bash deploy/test/alert-calibration.sh --quick   10 days, 40 trials, 20 incidents (CI)
#   bash deploy/test/alert-calibration.sh --incidents   the incident lines alone, 200 trials each (seconds)
# Prints one line per measurement (see the class's javadoc); the full run's output is kept in
# docs/alert-calibration.txt, from which docs/alerts.md's table is generated (AlertCalibrationTableTest checks both).
# Fails when the default rule's false alarms exceed its budget at any rate, or when an incident (a drift kept for 100
# panes) pages a severity more than once in more than 5 % of its trials at any rate.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
./mvnw -B -q test-compile -Dspotless.check.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
out=target/alert-calibration.txt
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    io.driftwatch.calibration.AlertCalibration "$@" | tee "$out"
budget=$(sed -n 's/^# budget: \([0-9.e-]*\) false.*/\1/p' "$out")
awk -v budget="$budget" '$2 == "rule=default" && $3 ~ /^false_episodes_per_day=/ {
        split($3, v, "="); if (v[2] + 0 > budget + 0) { print "over budget: " $0; bad = 1 } }
    END { exit bad }' "$out"
awk '$2 == "rule=default" && $3 ~ /^incident=/ {
        split($4, v, "="); if (v[2] + 0 < 0.95) { print "more than one page per incident: " $0; bad = 1 } }
    END { exit bad }' "$out"
echo "alert-calibration: the default rule kept its budget ($budget false alarms a day per series) at every rate"
echo "alert-calibration: one page per severity in at least 95 % of the incidents at every rate"
