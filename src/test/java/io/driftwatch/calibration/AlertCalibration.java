package io.driftwatch.calibration;

import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.DriftReport;
import io.driftwatch.core.Statistic;
import io.driftwatch.core.alert.AlertBudget;
import io.driftwatch.core.alert.AlertRule;
import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.AlertStateMachine;
import io.driftwatch.core.alert.AlertTransition;
import io.driftwatch.core.alert.RecentSpans;
import io.driftwatch.core.alert.Severity;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.QuantileBinning;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.WindowSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.DiscreteDistribution;
import org.apache.commons.statistics.distribution.PoissonDistribution;

/**
 * How often the alert rules page on quiet series, and how fast they see real drift — with the product's own core
 * classes ({@link DriftAnalyzer}, {@link AlertStateMachine}), seeded, no broker. {@code deploy/test/alert-calibration.sh
 * [--quick]} runs it.
 *
 * <p>Setup (the defaults): 5 min windows of 10 s panes, min-samples 100, warning 0.05 / critical 0.15 nats,
 * {@code for} 2, clear below 0.8x for 2; each simulated day draws a fresh reference of 10,000 events from Beta(2, 5) in
 * 20 quantile bins (as a user uploading training samples gets). Live events arrive as a Poisson process, so a pane's
 * bin counts are independent Poisson variables with means {@code rate x 10 s x p_i}, {@code p_i} the true bin
 * probabilities. Rules: {@code legacy} (decision=significance, alpha 0.01: the rule before budgets), {@code default}
 * (decision=budget, one false alarm in 30 days), {@code p-only} (a p-value-only rule at the default rule's
 * per-evaluation level: same budget on quiet series, no drift size).
 *
 * <p>Output, one line per measurement:
 *
 * <pre>
 * rate=&lt;events/s&gt; rule=&lt;name&gt; false_episodes_per_day=&lt;x&gt; days=&lt;n&gt;
 * rate=&lt;r&gt; rule=&lt;name&gt; drift_kl=&lt;d&gt; detected=&lt;fraction&gt; delay_panes=&lt;median&gt;
 * rate=&lt;r&gt; rule=&lt;name&gt; trivial_drift_kl=&lt;d&gt; false_episodes_per_day=&lt;x&gt; days=&lt;n&gt;
 * rate=&lt;r&gt; rule=default incident=&lt;0.1|0.3|ramp&gt; one_page=&lt;fraction&gt; warning_fired=&lt;f&gt;
 *     critical_fired=&lt;f&gt; resolved_during=&lt;f&gt; max_episodes=&lt;n&gt; resolve_panes=&lt;median&gt; trials=&lt;n&gt;
 * </pre>
 *
 * An incident is a drift kept for 100 panes (a constant tilt of KL 0.1 or 0.3, or a ramp from 0 to 0.3 over them)
 * after a quiet window: "one page" means no severity fired more than once while it lasted (a ramp may escalate
 * warning to critical); "fired" counts incidents in which the severity fired at all, "resolved during" those in which a
 * severity resolved before the drift ended (critical de-escalating while warning fires, or a resolve before a second
 * page); "resolve panes" is the median number of quiet panes after the drift's end until every firing severity resolved.
 *
 * "Episodes" count warning alerts that fire; "detected" means the warning fired within one window length plus 2 panes
 * of the drift's start (the drift is a tilt of the true bin probabilities with binned KL {@code d}); the delay is the
 * median over all trials in panes from the drift's start (a trial not detected within 3 windows counts as 90).
 */
public final class AlertCalibration {

    static final long PANE = 10_000;
    static final int PANES = 30;
    static final int BINS = 20;
    static final int REFERENCE = 10_000;
    static final long MIN_SAMPLES = 100;
    static final double[] RATES = {0.5, 1, 10, 100, 1000};
    static final double[] DRIFTS = {0.01, 0.05, 0.1, 0.3};
    static final ContinuousDistribution LIVE = BetaDistribution.of(2, 5);

    private AlertCalibration() {}

    /** The rules compared, by name. */
    static List<Named> rules() {
        AlertRule legacy = new AlertRule(Statistic.KL, 0.05, 0.15, 0.01, MIN_SAMPLES, 2, 0.8, 2);
        AlertRule budget = AlertRule.defaults(MIN_SAMPLES);
        double level = budget.alphaPerEvaluation(PANE, 1);
        AlertRule pOnly = new AlertRule(Statistic.KL, 0, Double.NaN, level, MIN_SAMPLES, 2, 1.0, 2);
        return List.of(
                new Named("legacy", legacy, 0.01),
                new Named("default", budget, level),
                new Named("p-only", pOnly, level));
    }

    record Named(String name, AlertRule rule, double level) {}

    /** One simulated series: a reference, the true bin probabilities, and a ring of panes. */
    static final class Day {
        final Reference reference;
        final double[] truth;
        final SplittableRandom random;
        final UniformRandomProvider rng;
        final long[][] panes = new long[PANES][BINS];
        final long[] window = new long[BINS];
        long total;
        int next;
        long end;

        Day(long seed) {
            random = new SplittableRandom(seed);
            rng = random::nextLong;
            double[] samples = new double[REFERENCE];
            for (int i = 0; i < REFERENCE; i++) {
                samples[i] = LIVE.inverseCumulativeProbability((random.nextInt(1 << 30) + 0.5) / (1 << 30));
            }
            NumericBins bins = QuantileBinning.edgesFromSamples(samples, BINS);
            reference = Reference.of(bins, QuantileBinning.count(bins, samples));
            double[] edges = bins.edges();
            truth = new double[bins.binCount()];
            for (int i = 0; i < truth.length; i++) {
                truth[i] = LIVE.cumulativeProbability(edges[i + 1]) - LIVE.cumulativeProbability(edges[i]);
            }
        }

        /** Samplers of one pane's bin counts at {@code rate} events/s with bin probabilities {@code p}. */
        DiscreteDistribution.Sampler[] samplers(double rate, double[] p) {
            DiscreteDistribution.Sampler[] out = new DiscreteDistribution.Sampler[p.length];
            for (int i = 0; i < p.length; i++) {
                double mean = rate * PANE / 1000.0 * p[i];
                out[i] = mean > 0 ? PoissonDistribution.of(mean).createSampler(rng) : () -> 0;
            }
            return out;
        }

        /** Adds one pane drawn from {@code samplers}; the oldest pane leaves the window. */
        void pane(DiscreteDistribution.Sampler[] samplers) {
            long[] pane = panes[next];
            for (int i = 0; i < BINS; i++) {
                window[i] -= pane[i];
                total -= pane[i];
                pane[i] = samplers[i].sample();
                window[i] += pane[i];
                total += pane[i];
            }
            next = (next + 1) % PANES;
            end += PANE;
        }

        DriftReport score(DriftAnalyzer analyzer) {
            return analyzer.analyze(new WindowSnapshot(window.clone(), total, end - PANE * PANES, end), reference);
        }

        /** The newest spans ({@link RecentSpans}) scored on their own, as {@code Series.scales()} does. */
        List<DriftReport> recent(DriftAnalyzer analyzer) {
            int[] spans = RecentSpans.of(PANES);
            List<DriftReport> out = new ArrayList<>(spans.length);
            for (int span : spans) {
                long[] counts = new long[BINS];
                long n = 0;
                for (int k = 1; k <= span; k++) {
                    long[] pane = panes[Math.floorMod(next - k, PANES)];
                    for (int i = 0; i < BINS; i++) {
                        counts[i] += pane[i];
                        n += pane[i];
                    }
                }
                out.add(analyzer.analyze(new WindowSnapshot(counts, n, end - PANE * span, end), reference));
            }
            return out;
        }
    }

    static final DriftAnalyzer ANALYZER = new DriftAnalyzer(0.5, MIN_SAMPLES, 0.01);

    static boolean firedWarning(List<AlertTransition> transitions) {
        for (AlertTransition t : transitions) {
            if (t.severity() == Severity.WARNING && t.to() == AlertState.FIRING) {
                return true;
            }
        }
        return false;
    }

    /** Quiet (or trivially drifting) days: warning episodes per day of each rule. */
    static double[] falseEpisodesPerDay(double rate, int days, double driftKl, long seed) {
        List<Named> rules = rules();
        long[] episodes = new long[rules.size()];
        for (int day = 0; day < days; day++) {
            Day d = new Day(seed + day * 7919L);
            long[] today = day(d, d.samplers(rate, driftKl > 0 ? tilt(d.truth, driftKl) : d.truth), rules);
            for (int r = 0; r < episodes.length; r++) {
                episodes[r] += today[r];
            }
        }
        double[] out = new double[rules.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = (double) episodes[r] / days;
        }
        return out;
    }

    /** One simulated day of {@code d} after a full window of warm-up: the warning episodes each rule raised. */
    static long[] day(Day d, DiscreteDistribution.Sampler[] samplers, List<Named> rules) {
        for (int i = 0; i < PANES; i++) {
            d.pane(samplers); // a full window before the day starts
        }
        AlertStateMachine[] machines = machines(rules);
        long[] episodes = new long[rules.size()];
        int panesPerDay = (int) (86_400_000 / PANE);
        for (int i = 0; i < panesPerDay; i++) {
            d.pane(samplers);
            DriftReport report = d.score(ANALYZER);
            List<DriftReport> recent = d.recent(ANALYZER);
            for (int r = 0; r < machines.length; r++) {
                if (firedWarning(evaluate(machines[r], rules.get(r), report, recent))) {
                    episodes[r]++;
                }
            }
        }
        return episodes;
    }

    /**
     * How much false alarms depend on the reference as the window grows relative to it: days of a quiet series with
     * windows of {@code ratio} times the reference's 10,000 events, each day with a fresh reference, under a plain
     * "p < 0.01 for 2 panes" rule (frequent enough to count) and the default rule. Returns, per rule, the mean episodes
     * a day, the worst day's count, and the share of all episodes that fell on the worst tenth of days (0.1 when
     * episodes do not care which reference a day drew).
     */
    static double[][] referenceDependence(double ratio, int days, long seed) {
        double rate = ratio * REFERENCE / (PANES * PANE / 1000.0);
        AlertRule p01 = new AlertRule(Statistic.KL, 0, Double.NaN, 0.01, MIN_SAMPLES, 2, 1.0, 2);
        AlertRule budget = AlertRule.defaults(MIN_SAMPLES);
        List<Named> rules =
                List.of(new Named("p01", p01, 0.01), new Named("default", budget, budget.alphaPerEvaluation(PANE, 1)));
        long[][] perDay = new long[rules.size()][days];
        for (int day = 0; day < days; day++) {
            Day d = new Day(seed + day * 7919L);
            long[] today = day(d, d.samplers(rate, d.truth), rules);
            for (int r = 0; r < today.length; r++) {
                perDay[r][day] = today[r];
            }
        }
        double[][] out = new double[rules.size()][3];
        for (int r = 0; r < rules.size(); r++) {
            long[] sorted = perDay[r].clone();
            Arrays.sort(sorted);
            long total = Arrays.stream(sorted).sum();
            long worstTenth = 0;
            for (int i = 0; i < Math.max(1, days / 10); i++) {
                worstTenth += sorted[days - 1 - i];
            }
            out[r][0] = (double) total / days;
            out[r][1] = sorted[days - 1];
            out[r][2] = total == 0 ? Double.NaN : (double) worstTenth / total;
        }
        return out;
    }

    /** Drift trials: per rule, the fraction detected within a window + 2 panes, and the median delay in panes. */
    static double[][] detection(double rate, double driftKl, int trials, long seed) {
        List<Named> rules = rules();
        int[][] delays = new int[rules.size()][trials];
        int horizon = 3 * PANES;
        for (int trial = 0; trial < trials; trial++) {
            Day d = new Day(seed + trial * 104_729L);
            DiscreteDistribution.Sampler[] quiet = d.samplers(rate, d.truth);
            DiscreteDistribution.Sampler[] drifted = d.samplers(rate, tilt(d.truth, driftKl));
            AlertStateMachine[] machines = machines(rules);
            int warmUp = PANES + d.random.nextInt(PANES); // a full window, then a random phase
            for (int i = 0; i < warmUp; i++) {
                d.pane(quiet);
                DriftReport report = d.score(ANALYZER);
                List<DriftReport> recent = d.recent(ANALYZER);
                for (int r = 0; r < machines.length; r++) {
                    evaluate(machines[r], rules.get(r), report, recent);
                }
            }
            int[] delay = new int[rules.size()];
            Arrays.fill(delay, horizon);
            for (int i = 1; i <= horizon; i++) {
                d.pane(drifted);
                DriftReport report = d.score(ANALYZER);
                List<DriftReport> recent = d.recent(ANALYZER);
                for (int r = 0; r < machines.length; r++) {
                    if (delay[r] == horizon && machines[r].state(Severity.WARNING) != AlertState.FIRING) {
                        if (firedWarning(evaluate(machines[r], rules.get(r), report, recent))) {
                            delay[r] = i;
                        }
                    }
                }
            }
            for (int r = 0; r < rules.size(); r++) {
                delays[r][trial] = delay[r];
            }
        }
        double[][] out = new double[rules.size()][2];
        for (int r = 0; r < rules.size(); r++) {
            int[] sorted = delays[r].clone();
            Arrays.sort(sorted);
            long detected = Arrays.stream(sorted).filter(x -> x <= PANES + 2).count();
            out[r][0] = (double) detected / trials;
            out[r][1] = sorted[trials / 2];
        }
        return out;
    }

    /** Incident trials of the default rule: per incident, episodes and resolutions of each severity while it lasts. */
    static double[] incidents(double rate, double driftKl, boolean ramp, int trials, long seed) {
        return incidents(rules().get(1), rate, driftKl, ramp, trials, seed);
    }

    /**
     * Incident trials of {@code rule}: {@code [one page, warning fired, critical fired, resolved during, most episodes
     * of a severity, median panes from the drift's end until every firing severity resolved (a trial not resolved
     * within 4 windows counts as 120)]}.
     */
    static double[] incidents(Named rule, double rate, double driftKl, boolean ramp, int trials, long seed) {
        int length = 100;
        long onePage = 0;
        long warning = 0;
        long critical = 0;
        long resolvedDuring = 0;
        long maxEpisodes = 0;
        List<Integer> resolveDelays = new ArrayList<>();
        for (int trial = 0; trial < trials; trial++) {
            Day d = new Day(seed + trial * 15_485_863L);
            DiscreteDistribution.Sampler[] quiet = d.samplers(rate, d.truth);
            AlertStateMachine machine = new AlertStateMachine(rule.rule());
            int warmUp = PANES + d.random.nextInt(PANES);
            for (int i = 0; i < warmUp; i++) {
                d.pane(quiet);
                evaluate(machine, rule, d.score(ANALYZER), d.recent(ANALYZER));
            }
            int[] episodes = new int[Severity.values().length];
            int resolves = 0;
            DiscreteDistribution.Sampler[] drifted = ramp ? null : d.samplers(rate, tilt(d.truth, driftKl));
            for (int i = 1; i <= length; i++) {
                d.pane(ramp ? d.samplers(rate, tilt(d.truth, driftKl * i / length)) : drifted);
                for (AlertTransition t : evaluate(machine, rule, d.score(ANALYZER), d.recent(ANALYZER))) {
                    if (t.to() == AlertState.FIRING) {
                        episodes[t.severity().ordinal()]++;
                    } else if (t.to() == AlertState.RESOLVED) {
                        resolves++;
                    }
                }
            }
            int delay = 0;
            while (delay < 4 * PANES
                    && (machine.state(Severity.WARNING) == AlertState.FIRING
                            || machine.state(Severity.CRITICAL) == AlertState.FIRING)) {
                d.pane(quiet);
                evaluate(machine, rule, d.score(ANALYZER), d.recent(ANALYZER));
                delay++;
            }
            if (episodes[0] + episodes[1] > 0) {
                resolveDelays.add(delay);
            }
            int most = Arrays.stream(episodes).max().orElse(0);
            maxEpisodes = Math.max(maxEpisodes, most);
            if (most <= 1) {
                onePage++;
            }
            warning += episodes[Severity.WARNING.ordinal()] > 0 ? 1 : 0;
            critical += episodes[Severity.CRITICAL.ordinal()] > 0 ? 1 : 0;
            resolvedDuring += resolves > 0 ? 1 : 0;
        }
        Collections.sort(resolveDelays);
        return new double[] {
            (double) onePage / trials,
            (double) warning / trials,
            (double) critical / trials,
            (double) resolvedDuring / trials,
            maxEpisodes,
            resolveDelays.isEmpty() ? Double.NaN : resolveDelays.get(resolveDelays.size() / 2)
        };
    }

    /** As the product does: a budget rule also tests the newest spans; the others the whole window only. */
    static List<AlertTransition> evaluate(
            AlertStateMachine machine, Named rule, DriftReport report, List<DriftReport> recent) {
        return rule.rule().decision() == AlertRule.Decision.BUDGET
                ? machine.evaluate(report, recent, false, rule.level())
                : machine.evaluate(report, false, rule.level());
    }

    static AlertStateMachine[] machines(List<Named> rules) {
        AlertStateMachine[] machines = new AlertStateMachine[rules.size()];
        for (int r = 0; r < machines.length; r++) {
            machines[r] = new AlertStateMachine(rules.get(r).rule());
        }
        return machines;
    }

    /** {@code p} tilted towards higher bins, {@code p'_i ~ p_i e^(beta i/k)}, with {@code KL(p' || p) = kl}. */
    static double[] tilt(double[] p, double kl) {
        double lo = 0;
        double hi = 1;
        while (klOf(tilted(p, hi), p) < kl) {
            hi *= 2;
        }
        for (int i = 0; i < 100; i++) {
            double mid = 0.5 * (lo + hi);
            if (klOf(tilted(p, mid), p) < kl) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return tilted(p, 0.5 * (lo + hi));
    }

    private static double[] tilted(double[] p, double beta) {
        double[] q = new double[p.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            q[i] = p[i] * Math.exp(beta * i / p.length);
            sum += q[i];
        }
        for (int i = 0; i < p.length; i++) {
            q[i] /= sum;
        }
        return q;
    }

    static double klOf(double[] p, double[] q) {
        double kl = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                kl += p[i] * Math.log(p[i] / q[i]);
            }
        }
        return kl;
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v)
                .replaceAll("(\\.\\d*?)0+$", "$1")
                .replaceAll("\\.$", "");
    }

    /** Runs everything; {@code quick}: fewer days and trials (CI). Returns the output lines. */
    public static List<String> run(boolean quick, java.util.function.Consumer<String> out) {
        int days = quick ? 10 : 200;
        int trials = quick ? 40 : 200;
        List<Named> rules = rules();
        List<String> lines = new ArrayList<>();
        java.util.function.Consumer<String> emit = l -> {
            lines.add(l);
            out.accept(l);
        };
        for (double rate : RATES) {
            double[] fa = falseEpisodesPerDay(rate, days, 0, 1_000L + (long) (rate * 10));
            for (int r = 0; r < rules.size(); r++) {
                emit.accept("rate=" + number(rate) + " rule=" + rules.get(r).name() + " false_episodes_per_day="
                        + number(fa[r]) + " days=" + days);
            }
        }
        for (double rate : RATES) {
            for (double drift : DRIFTS) {
                double[][] det = detection(rate, drift, trials, 5_000L + (long) (rate * 10) + (long) (drift * 1000));
                for (int r = 0; r < rules.size(); r++) {
                    emit.accept("rate=" + number(rate) + " rule=" + rules.get(r).name() + " drift_kl=" + number(drift)
                            + " detected=" + number(det[r][0]) + " delay_panes=" + number(det[r][1]));
                }
            }
        }
        for (double ratio : new double[] {0.1, 0.3, 1, 3}) {
            int d = quick ? 10 : 100;
            double[][] dep = referenceDependence(ratio, d, 12_000L + (long) (ratio * 10));
            String[] names = {"p01", "default"};
            for (int r = 0; r < names.length; r++) {
                emit.accept("ratio=" + number(ratio) + " rule=" + names[r] + " false_episodes_per_day="
                        + number(dep[r][0]) + " worst_day=" + number(dep[r][1]) + " worst_tenth_share="
                        + (Double.isNaN(dep[r][2]) ? "-" : number(dep[r][2])) + " days=" + d);
            }
        }
        // windows of 10^6 events with a significant but trivial drift (below half the warning threshold)
        double rate = 1_000_000.0 / (PANES * PANE / 1000.0);
        double[] trivial = falseEpisodesPerDay(rate, quick ? 2 : 20, 0.02, 9_000L);
        for (int r = 0; r < rules.size(); r++) {
            emit.accept(
                    "rate=" + number(Math.ceil(rate)) + " rule=" + rules.get(r).name() + " trivial_drift_kl=0.02"
                            + " false_episodes_per_day=" + number(trivial[r]) + " days=" + (quick ? 2 : 20));
        }
        incidents(quick, emit);
        return lines;
    }

    /** The incident lines alone ({@code --incidents}): one page per incident, per rate. */
    static void incidents(boolean quick, java.util.function.Consumer<String> emit) {
        for (double r : RATES) {
            for (String incident : new String[] {"0.1", "0.3", "ramp"}) {
                boolean ramp = incident.equals("ramp");
                double kl = ramp ? 0.3 : Double.parseDouble(incident);
                int n = quick ? 20 : 200;
                double[] x = incidents(r, kl, ramp, n, 21_000L + (long) (r * 10) + incident.hashCode());
                emit.accept("rate=" + number(r) + " rule=default incident=" + incident + " one_page=" + number(x[0])
                        + " warning_fired=" + number(x[1]) + " critical_fired=" + number(x[2]) + " resolved_during="
                        + number(x[3]) + " max_episodes=" + number(x[4]) + " resolve_panes=" + number(x[5])
                        + " trials=" + n);
            }
        }
    }

    public static void main(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        AlertRule budget = AlertRule.defaults(MIN_SAMPLES);
        System.out.println("# budget: " + number(AlertBudget.DEFAULT_FALSE_ALARMS_PER_DAY)
                + " false alarms/day/series; per-evaluation level " + budget.alphaPerEvaluation(PANE, 1)
                + (quick ? "; quick run" : "; full run"));
        if (Arrays.asList(args).contains("--incidents")) {
            incidents(quick, System.out::println);
        } else {
            run(quick, System.out::println);
        }
    }
}
