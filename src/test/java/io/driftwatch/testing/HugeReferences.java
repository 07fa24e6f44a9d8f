package io.driftwatch.testing;

/** Reference documents far beyond the limits, as attackers and careless operators send them (issue 16). */
public final class HugeReferences {

    private HugeReferences() {}

    /** {@code {"samples":["c0",...,"c<n-1>"]}}: n distinct categorical samples (300,000: 3.3 MB). */
    public static String distinctSamples(int n) {
        StringBuilder b = new StringBuilder("{\"samples\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"c").append(i).append('"');
        }
        return b.append("]}").toString();
    }

    /** A numeric histogram of {@code n} edges {@code 0..n-1}, one event per bin. */
    public static String edges(int n) {
        StringBuilder b = new StringBuilder("{\"edges\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(i);
        }
        return b.append("],\"counts\":[").append(ones(n - 1)).append("]}").toString();
    }

    /** A categorical histogram of {@code n} categories {@code c0..c<n-1>}, one event each. */
    public static String categories(int n) {
        StringBuilder b = new StringBuilder("{\"categories\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"c").append(i).append('"');
        }
        return b.append("],\"counts\":[").append(ones(n)).append("]}").toString();
    }

    private static StringBuilder ones(int n) {
        StringBuilder b = new StringBuilder(2 * n);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(1);
        }
        return b;
    }
}
