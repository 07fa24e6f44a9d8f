package io.driftwatch.metrics;

import io.prometheus.client.Collector.Type;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Lines of the Prometheus text exposition format (0.0.4) and of OpenMetrics 1.0.0, written exactly as the Prometheus
 * client's {@code TextFormat} writes them ({@code SeriesCollectorTest} compares the two byte for byte), for families
 * written one sample at a time. Stateless.
 */
final class ExpositionText {

    private ExpositionText() {}

    /** The {@code # HELP} and {@code # TYPE} lines of a family (its name as the client keeps it: no {@code _total}). */
    static void header(Writer out, String family, Type type, String help, boolean openMetrics) throws IOException {
        String typeName = type == Type.COUNTER ? "counter" : "gauge";
        if (openMetrics) {
            out.append("# TYPE ").append(family).append(' ').append(typeName).append('\n');
            out.append("# HELP ").append(family).append(' ');
            escapeLabelValue(out, help);
            out.append('\n');
            return;
        }
        String name = type == Type.COUNTER ? family + "_total" : family;
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append('\n');
        out.append("# TYPE ").append(name).append(' ').append(typeName).append('\n');
    }

    /** One sample with up to three label values ({@code null}: no more labels). */
    static void sample(
            StringBuilder out,
            String name,
            List<String> labelNames,
            String first,
            String second,
            String third,
            double value,
            boolean openMetrics) {
        out.append(name).append('{');
        label(out, labelNames.get(0), first, false, openMetrics);
        if (second != null) {
            label(out, labelNames.get(1), second, true, openMetrics);
        }
        if (third != null) {
            label(out, labelNames.get(2), third, true, openMetrics);
        }
        end(out, value, openMetrics);
    }

    /** One sample with any number of labels. */
    static void sample(
            StringBuilder out,
            String name,
            List<String> labelNames,
            List<String> labelValues,
            double value,
            boolean openMetrics) {
        out.append(name).append('{');
        for (int i = 0; i < labelNames.size(); i++) {
            label(out, labelNames.get(i), labelValues.get(i), i > 0, openMetrics);
        }
        end(out, value, openMetrics);
    }

    private static void label(StringBuilder out, String name, String value, boolean notFirst, boolean openMetrics) {
        if (notFirst && openMetrics) {
            out.append(',');
        }
        out.append(name).append("=\"");
        try {
            escapeLabelValue(out, value);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringBuilder does not throw
        }
        out.append('"');
        if (!openMetrics) {
            out.append(','); // the 0.0.4 writer ends every label with a comma
        }
    }

    private static void end(StringBuilder out, double value, boolean openMetrics) {
        out.append("} ").append(goString(value)).append('\n');
    }

    private static void escapeLabelValue(Appendable out, String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** A double as Prometheus writes it: {@code +Inf}, {@code -Inf}, {@code NaN} or {@link Double#toString}. */
    static String goString(double d) {
        if (d == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (d == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        return Double.toString(d);
    }
}
