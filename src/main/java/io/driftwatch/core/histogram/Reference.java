package io.driftwatch.core.histogram;

import java.util.Arrays;

/**
 * A reference distribution: the bin scheme and the reference sample's count in every bin (including the
 * underflow/overflow or unseen bins, which are usually 0).
 *
 * <p>The reference is treated as a finite sample of {@link #total()} events, which is what the two-sample significance
 * test needs. Immutable and thread-safe.
 *
 * @param bins the bin scheme that live values are mapped with
 * @param counts one non-negative count per bin of {@code bins}
 * @param total the sum of {@code counts}, positive
 */
public record Reference(BinScheme bins, long[] counts, long total) {

    /** Most events a reference may count, 2<sup>53</sup>: every total is then exact as a {@code double}. */
    public static final long MAX_TOTAL = 1L << 53;

    /** Why counts summing past {@link #MAX_TOTAL} are refused. */
    public static final String TOO_MANY_EVENTS =
            "the counts sum to more than " + MAX_TOTAL + " (2^53), the most events a reference may count";

    /**
     * The sum of the non-negative {@code counts}, or {@code -1} when it exceeds {@link #MAX_TOTAL} (checked at every
     * step, so it never overflows).
     */
    public static long boundedSum(long[] counts) {
        long sum = 0;
        for (long c : counts) {
            if (c > MAX_TOTAL - sum) { // sum <= MAX_TOTAL here, so this cannot overflow
                return -1;
            }
            sum += c;
        }
        return sum;
    }

    public Reference {
        if (counts.length != bins.binCount()) {
            throw new IllegalArgumentException(
                    "reference has " + counts.length + " counts but its bins need " + bins.binCount());
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException(
                        "count of bin " + i + " (" + bins.label(i) + ") is negative: " + counts[i]);
            }
        }
        long sum = boundedSum(counts);
        if (sum < 0) {
            throw new IllegalArgumentException(TOO_MANY_EVENTS);
        }
        if (sum != total) {
            throw new IllegalArgumentException("reference total " + total + " is not the sum of its counts " + sum);
        }
        if (total <= 0) {
            throw new IllegalArgumentException("reference has no events: every count is 0");
        }
        counts = counts.clone();
    }

    /** Builds a reference whose total is the sum of {@code counts}. */
    public static Reference of(BinScheme bins, long[] counts) {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return new Reference(bins, counts, sum);
    }

    /**
     * A short content hash of the bins and counts (12 hex digits of SHA-256): it changes exactly when the reference
     * changes, so it can label metrics and alerts with the reference version.
     */
    public String version() {
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(bins.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(Arrays.toString(counts).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** A copy of the counts. */
    @Override
    public long[] counts() {
        return counts.clone();
    }

    /** Count of one bin, without copying. */
    public long count(int bin) {
        return counts[bin];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reference r && total == r.total && bins.equals(r.bins) && Arrays.equals(counts, r.counts);
    }

    @Override
    public int hashCode() {
        return bins.hashCode() * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Reference[" + bins + ", counts=" + Arrays.toString(counts) + "]";
    }
}
