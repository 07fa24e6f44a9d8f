#!/usr/bin/env bash
# Every feature's reference from one training CSV in a fixed heap, without a broker: io.driftwatch.sizing.TrainingBench
# writes a CSV of about SIZE bytes (40 numeric features, 19 categorical, one user-id-like; kept in target/ for the next
# run), builds all 60 references as the app does (TrainingReferences: one pass, one spool file per feature), and prints
# rows, seconds, rows/s and the heap limit. A benchmark: it reports numbers, it asserts nothing.
#   HEAP=256m bash deploy/test/training-bench.sh [SIZE=1000000000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
./mvnw -B -q test-compile -Dspotless.check.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
java -Xmx"${HEAP:-256m}" -XX:+UseG1GC -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    io.driftwatch.sizing.TrainingBench target/training-bench.csv "${1:-1000000000}"
