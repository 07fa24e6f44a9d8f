package io.driftwatch.config;

import io.smallrye.config.WithName;
import java.util.Optional;

/**
 * An alert rule; every key optional. Effective value: the monitor's ({@code driftwatch.monitors.<name>.alert.*}),
 * else the default ({@code driftwatch.alerts.rule.*}), else the built-in default given here.
 */
public interface AlertRuleConfig {

    /** {@code kl} (default), {@code kl-reverse}, {@code js}, {@code psi} or {@code kl-corrected}. */
    Optional<String> statistic();

    /**
     * {@code budget} (default): alert when the window shows, within the false-alarm budget, a drift at least the
     * threshold. {@code significance}: the rule before budgets — statistic at or above the threshold and p-value
     * below {@code alpha} at every evaluation.
     */
    Optional<String> decision();

    /** Warning threshold of the statistic; {@code off} disables it. Built-in default {@code 0.05}. */
    Optional<String> warning();

    /** Critical threshold of the statistic; {@code off} disables it. Built-in default {@code 0.15}. */
    Optional<String> critical();

    /** {@code decision=significance} only: alert only while the p-value is below this. Built-in default {@code 0.01}. */
    Optional<Double> alpha();

    /** Windows with fewer events never alert. Built-in default: the monitor's {@code min-samples}. */
    @WithName("min-samples")
    Optional<Long> minSamples();

    /** Consecutive panes the condition must hold before firing. Built-in default {@code 2}. */
    @WithName("for")
    Optional<Integer> forPanes();

    /** A firing alert resolves below {@code clear-factor x threshold}. Built-in default {@code 0.8}. */
    @WithName("clear-factor")
    Optional<Double> clearFactor();

    /** Consecutive clean panes before a firing alert resolves. Built-in default {@code 2}. */
    @WithName("clear-panes")
    Optional<Integer> clearPanes();
}
