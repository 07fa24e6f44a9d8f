package io.driftwatch.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.alert.AlertBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The alert table of docs/alerts.md is generated from the full run of the calibration harness kept in
 * docs/alert-calibration.txt ({@code bash deploy/test/alert-calibration.sh}, then copy target/alert-calibration.txt);
 * regenerate the table with {@code ./mvnw test -Dtest=AlertCalibrationTableTest -Ddriftwatch.calibration.write=true}.
 * Also checks the acceptance facts the docs state against that run.
 */
class AlertCalibrationTableTest {

    static final Path RUN = Path.of("docs/alert-calibration.txt");
    /** Where the table is: the alerts page, and the README's summary. */
    static final List<Path> DOCS = List.of(Path.of("docs/alerts.md"), Path.of("README.md"));

    static final String START = "<!-- alert-calibration:start -->";
    static final String END = "<!-- alert-calibration:end -->";

    /** "rate=1 rule=default drift_kl=0.1" -> the line's remaining key=value pairs. */
    static Map<String, Map<String, String>> read() throws IOException {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (String line : Files.readAllLines(RUN)) {
            if (line.startsWith("#") || line.isBlank() || !line.startsWith("rate=")) {
                continue;
            }
            Map<String, String> kv = new HashMap<>();
            for (String part : line.trim().split(" ")) {
                String[] p = part.split("=", 2);
                kv.put(p[0], p[1]);
            }
            String key = "rate=" + kv.get("rate") + " rule=" + kv.get("rule")
                    + (kv.containsKey("drift_kl") ? " drift_kl=" + kv.get("drift_kl") : "")
                    + (kv.containsKey("trivial_drift_kl") ? " trivial" : "")
                    + (kv.containsKey("incident") ? " incident=" + kv.get("incident") : "");
            out.put(key, kv);
        }
        return out;
    }

    static String rate(double r) {
        return AlertCalibration.number(r);
    }

    static String table(Map<String, Map<String, String>> run) {
        StringBuilder s = new StringBuilder();
        s.append("| events/s | window N | false alarms a day: legacy | default | p-only |"
                + " KL 0.05 detected (median delay, panes): default / p-only | KL 0.1 | KL 0.3 |"
                + " one page per incident: KL 0.1 / 0.3 / ramp to 0.3 |\n");
        s.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (double r : AlertCalibration.RATES) {
            String rate = rate(r);
            StringBuilder row = new StringBuilder();
            row.append(String.format(Locale.ROOT, "| %s | %,d ", rate, Math.round(r * 300)));
            for (String rule : List.of("legacy", "default", "p-only")) {
                row.append("| ")
                        .append(run.get("rate=" + rate + " rule=" + rule).get("false_episodes_per_day"))
                        .append(' ');
            }
            for (String d : List.of("0.05", "0.1", "0.3")) {
                Map<String, String> def = run.get("rate=" + rate + " rule=default drift_kl=" + d);
                Map<String, String> p = run.get("rate=" + rate + " rule=p-only drift_kl=" + d);
                row.append(String.format(
                        Locale.ROOT,
                        "| %s%% (%s) / %s%% (%s) ",
                        percent(def.get("detected")),
                        def.get("delay_panes"),
                        percent(p.get("detected")),
                        p.get("delay_panes")));
            }
            row.append("| ");
            for (String incident : INCIDENTS) {
                row.append(incident.equals("0.1") ? "" : " / ")
                        .append(percent(run.get("rate=" + rate + " rule=default incident=" + incident)
                                .get("one_page")))
                        .append('%');
            }
            s.append(row).append(" |\n");
        }
        return s.toString();
    }

    /** The incidents the harness measures: a drift of KL 0.1, of 0.3, and a ramp from 0 to 0.3. */
    static final List<String> INCIDENTS = List.of("0.1", "0.3", "ramp");

    static String percent(String fraction) {
        return AlertCalibration.number(Double.parseDouble(fraction) * 100);
    }

    @Test
    void theDocumentedTableIsTheOneTheKeptRunProduces() throws IOException {
        String table = table(read());
        for (Path path : DOCS) {
            String doc = Files.readString(path);
            int start = doc.indexOf(START);
            int end = doc.indexOf(END);
            assertThat(start).as(path + " has the alert-calibration markers").isNotNegative();
            assertThat(end).isGreaterThan(start);
            if (Boolean.getBoolean("driftwatch.calibration.write")) {
                doc = doc.substring(0, start + START.length()) + "\n" + table + doc.substring(end);
                Files.writeString(path, doc);
                end = doc.indexOf(END);
            }
            assertThat(doc.substring(start + START.length() + 1, end))
                    .as(path + " alert table (regenerate: ./mvnw test -Dtest=AlertCalibrationTableTest"
                            + " -Ddriftwatch.calibration.write=true)")
                    .isEqualTo(table);
        }
    }

    @Test
    void theKeptRunMeetsTheBudgetAndTheDetectionTheDocsClaim() throws IOException {
        Map<String, Map<String, String>> run = read();
        double budget = AlertBudget.DEFAULT_FALSE_ALARMS_PER_DAY;
        for (double r : AlertCalibration.RATES) {
            Map<String, String> quiet = run.get("rate=" + rate(r) + " rule=default");
            assertThat(Integer.parseInt(quiet.get("days"))).as("a full run").isGreaterThanOrEqualTo(200);
            assertThat(Double.parseDouble(quiet.get("false_episodes_per_day")))
                    .as("default rule, %s events/s, no drift", rate(r))
                    .isLessThanOrEqualTo(budget);
            if (r * 300 >= 5_000) { // windows of at least 5,000 events: twice the warning threshold is seen at once
                Map<String, String> twice = run.get("rate=" + rate(r) + " rule=default drift_kl=0.1");
                assertThat(Double.parseDouble(twice.get("detected")))
                        .as("KL 0.1 at %s events/s", rate(r))
                        .isGreaterThanOrEqualTo(0.99);
            }
            for (String d : List.of("0.05", "0.1", "0.3")) { // drifts at or above the warning threshold
                Map<String, String> def = run.get("rate=" + rate(r) + " rule=default drift_kl=" + d);
                Map<String, String> p = run.get("rate=" + rate(r) + " rule=p-only drift_kl=" + d);
                assertThat(Double.parseDouble(def.get("detected")))
                        .as("KL %s at %s events/s: detected at least as often as the p-only rule", d, rate(r))
                        .isGreaterThanOrEqualTo(Double.parseDouble(p.get("detected")));
                assertThat(Double.parseDouble(def.get("delay_panes")))
                        .as("KL %s at %s events/s: detected at least as fast as the p-only rule", d, rate(r))
                        .isLessThanOrEqualTo(Double.parseDouble(p.get("delay_panes")));
            }
        }
        for (double r : AlertCalibration.RATES) {
            for (String incident : INCIDENTS) {
                Map<String, String> kv = run.get("rate=" + rate(r) + " rule=default incident=" + incident);
                assertThat(Integer.parseInt(kv.get("trials"))).as("a full run").isGreaterThanOrEqualTo(200);
                assertThat(Double.parseDouble(kv.get("one_page")))
                        .as(
                                "incident %s at %s events/s: one page per severity, no resolve while it lasts",
                                incident, rate(r))
                        .isGreaterThanOrEqualTo(0.99);
            }
        }
        Map<String, String> trivial = run.values().stream()
                .filter(kv -> "default".equals(kv.get("rule")) && kv.containsKey("trivial_drift_kl"))
                .findFirst()
                .orElseThrow();
        assertThat(Double.parseDouble(trivial.get("false_episodes_per_day"))).isLessThanOrEqualTo(budget);
    }
}
