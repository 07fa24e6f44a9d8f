#!/usr/bin/env bash
# Alert calibration harness (issue 11): how often each alert rule pages on quiet series, and how fast it sees drift,
# simulated with Driftwatch's own core classes (io.driftwatch.calibration.AlertCalibration), seeded, no broker.
#   bash deploy/test/alert-calibration.sh           full run: 200 days per rate, 200 trials per drift (a few minutes)
#   bash deploy/test/alert-calibration.sh --quick   10 days, 40 trials (CI)
# Prints one line per measurement (see the class's javadoc); the full run's output is kept in
# docs/alert-calibration.txt, from which docs/alerts.md's table is generated (AlertCalibrationTableTest checks both).
# Fails when the default rule's false alarms exceed its budget at any rate.
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
echo "alert-calibration: the default rule kept its budget ($budget false alarms a day per series) at every rate"
