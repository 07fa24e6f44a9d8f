#!/usr/bin/env bash
# Heap per series with every pane full (22 bins x 30 panes), without a broker: io.driftwatch.sizing.SeriesHeap
# fills SERIES series, scores each once, and prints the heap after a full GC per series, then the largest classes of a
# heap histogram. A benchmark: it reports numbers, it asserts nothing.
#   bash deploy/test/series-heap.sh [SERIES=20000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
./mvnw -B -q test-compile -Dspotless.check.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
java -Xmx1g -XX:+UseG1GC -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    io.driftwatch.sizing.SeriesHeap "${1:-20000}"
