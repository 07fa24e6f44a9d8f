package io.driftwatch.alerting;

import io.driftwatch.core.alert.Severity;
import io.driftwatch.monitor.Series;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Alert identities: the <b>fingerprint</b> of an alert (monitor, model, severity: the same across episodes and
 * instances) and the <b>alert id</b> of one episode ({@code <fingerprint>-<episode start, hex millis>}: the same for
 * its firing and resolved messages, and for the instance that restores it after a handover). Stateless.
 */
final class AlertIds {

    private AlertIds() {}

    /** The first 16 hex digits of SHA-256 of monitor, model and severity. */
    static String fingerprint(Series s, Severity severity) {
        return hash(s.monitor().name() + "\u0000" + s.model() + "\u0000" + severity.label());
    }

    /** The id of the episode of {@code fingerprint} that started at {@code episodeStartMillis}. */
    static String alertId(String fingerprint, long episodeStartMillis) {
        return fingerprint + "-" + Long.toHexString(episodeStartMillis);
    }

    /** The episode start in an alert id, or {@code Long.MIN_VALUE} when it has none. */
    static long episodeStart(String alertId) {
        int dash = alertId.lastIndexOf('-');
        try {
            return dash < 0 ? Long.MIN_VALUE : Long.parseUnsignedLong(alertId.substring(dash + 1), 16);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
