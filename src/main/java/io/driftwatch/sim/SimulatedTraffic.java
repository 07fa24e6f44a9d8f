package io.driftwatch.sim;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.LogNormalDistribution;

/**
 * The distributions the built-in simulator draws predictions from, before and after drift, and the reference that
 * matches the no-drift traffic. Plain Java; deterministic for a given seed.
 *
 * <ul>
 *   <li>{@code score}: Beta(2, 5); drifted Beta(3, 4);
 *   <li>{@code label}: {@code fraud} with probability {@code score}, else {@code ok};
 *   <li>{@code features.amount}: LogNormal(3.5, 1); drifted LogNormal(3.8, 1);
 *   <li>{@code features.country}: DE/FR/US/GB/IT at 35/25/20/15/5 %; drifted 20/20/35/10/5 % plus 10 % BR, a
 *       country the reference never saw.
 * </ul>
 */
public final class SimulatedTraffic {

    static final ContinuousDistribution SCORE = BetaDistribution.of(2, 5);
    static final ContinuousDistribution SCORE_DRIFTED = BetaDistribution.of(3, 4);
    static final ContinuousDistribution AMOUNT = LogNormalDistribution.of(3.5, 1);
    static final ContinuousDistribution AMOUNT_DRIFTED = LogNormalDistribution.of(3.8, 1);
    static final List<String> COUNTRIES = List.of("DE", "FR", "US", "GB", "IT");
    static final double[] COUNTRY_WEIGHTS = {0.35, 0.25, 0.20, 0.15, 0.05};
    static final List<String> COUNTRIES_DRIFTED = List.of("DE", "FR", "US", "GB", "IT", "BR");
    static final double[] COUNTRY_WEIGHTS_DRIFTED = {0.20, 0.20, 0.35, 0.10, 0.05, 0.10};

    private final SplittableRandom random;

    public SimulatedTraffic(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One prediction's monitored values, as they appear in its event (numbers rounded to 6 decimals). */
    public record Draw(double score, String label, double amount, String country) {}

    /** The next prediction's values. */
    public Draw draw(boolean drifted) {
        double score = (drifted ? SCORE_DRIFTED : SCORE).inverseCumulativeProbability(uniform());
        String label = random.nextDouble() < score ? "fraud" : "ok";
        double amount = (drifted ? AMOUNT_DRIFTED : AMOUNT).inverseCumulativeProbability(uniform());
        String country = drifted ? pick(COUNTRIES_DRIFTED, COUNTRY_WEIGHTS_DRIFTED) : pick(COUNTRIES, COUNTRY_WEIGHTS);
        return new Draw(round(score), label, round(amount), country);
    }

    /** One event as JSON. */
    public String event(String model, long epochMillis, boolean drifted) {
        Draw d = draw(drifted);
        return "{\"model\":\"" + model + "\",\"ts\":" + epochMillis + ",\"score\":" + d.score() + ",\"label\":\""
                + d.label() + "\",\"features\":{\"amount\":" + d.amount() + ",\"country\":\"" + d.country() + "\"}}";
    }

    private double uniform() {
        // strictly inside (0, 1) so the inverse CDF stays finite
        return (random.nextInt(1 << 30) + 0.5) / (1 << 30);
    }

    private String pick(List<String> values, double[] weights) {
        double u = random.nextDouble();
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return values.get(i);
            }
        }
        return values.get(values.size() - 1);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
