package io.driftwatch.ingest;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Logs rejected and partly counted events without flooding the log: at most one line per reason every 10 seconds,
 * saying how many more had that reason since the last line. Thread-safe.
 */
final class RejectionLog {

    private static final Logger LOG = Logger.getLogger(RejectionLog.class);
    private static final long INTERVAL_NANOS = 10_000_000_000L;
    private static final int EXCERPT = 160;

    private final Map<Outcome, long[]> state = new EnumMap<>(Outcome.class);

    synchronized void rejected(Outcome outcome, String detail, byte[] value) {
        long now = System.nanoTime();
        long[] s = state.computeIfAbsent(outcome, o -> new long[] {now - INTERVAL_NANOS, 0});
        if (now - s[0] < INTERVAL_NANOS) {
            s[1]++;
            return;
        }
        long suppressed = s[1];
        s[0] = now;
        s[1] = 0;
        LOG.warnf(
                "%s (reason %s)%s: %s%s",
                outcome.isRejected() ? "rejected event" : "event counted without some of its fields",
                outcome.reasonTag(),
                detail == null ? "" : " [" + detail + "]",
                excerpt(value),
                suppressed > 0 ? " (" + suppressed + " more with this reason in the last 10 s)" : "");
    }

    private static String excerpt(byte[] value) {
        if (value == null) {
            return "<null>";
        }
        int n = Math.min(value.length, EXCERPT);
        String text = new String(value, 0, n, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
        return text + (value.length > n ? "... (" + value.length + " bytes)" : "");
    }
}
