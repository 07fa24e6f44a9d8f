package io.driftwatch.monitor;

import io.driftwatch.config.AlertRuleConfig;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.InvalidConfigException;
import io.driftwatch.core.Statistic;
import io.driftwatch.core.alert.AlertBudget;
import io.driftwatch.core.alert.AlertRule;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds a monitor's effective {@link AlertRule}: the monitor's keys ({@code driftwatch.monitors.<name>.alert.*}), then
 * the defaults ({@code driftwatch.alerts.rule.*}), then the built-in defaults of {@link AlertRule#defaults}. Every
 * error names the key that was actually set.
 */
final class AlertRules {

    private AlertRules() {}

    static AlertRule forMonitor(DriftwatchConfig config, String monitor, long minSamples) {
        Picker pick = new Picker(
                config.monitors().get(monitor).alert(),
                config.alerts().rule(),
                "driftwatch.monitors." + monitor + ".alert.");
        AlertRule builtIn = AlertRule.defaults(minSamples);
        Statistic statistic = pick.value("statistic", AlertRuleConfig::statistic)
                .map(s -> {
                    try {
                        return Statistic.fromKey(s);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidConfigException(
                                pick.key("statistic", AlertRuleConfig::statistic),
                                s,
                                e.getMessage().replaceFirst("^unknown statistic \"[^\"]*\"; expected ", ""));
                    }
                })
                .orElse(builtIn.statistic());
        AlertRule.Decision decision = pick.value("decision", AlertRuleConfig::decision)
                .map(d -> {
                    try {
                        return AlertRule.Decision.fromKey(d);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidConfigException(
                                pick.key("decision", AlertRuleConfig::decision), d, "budget or significance");
                    }
                })
                .orElse(builtIn.decision());
        if (decision == AlertRule.Decision.BUDGET && AlertRule.klScale(statistic) == 0) {
            throw new InvalidConfigException(
                    pick.key("statistic", AlertRuleConfig::statistic),
                    statistic.key(),
                    "kl, kl-reverse, kl-corrected, js or psi (a statistic with a drift-size test)");
        }
        double alpha = pick.value("alpha", AlertRuleConfig::alpha).orElse(builtIn.alpha());
        if (!(alpha > 0 && alpha < 1)) {
            throw new InvalidConfigException(
                    pick.key("alpha", AlertRuleConfig::alpha), alpha, "a probability in (0, 1)");
        }
        int forPanes = pick.value("for", AlertRuleConfig::forPanes).orElse(builtIn.forPanes());
        if (forPanes < 1) {
            throw new InvalidConfigException(pick.key("for", AlertRuleConfig::forPanes), forPanes, "at least 1 pane");
        }
        int clearPanes = pick.value("clear-panes", AlertRuleConfig::clearPanes).orElse(builtIn.clearPanes());
        if (clearPanes < 1) {
            throw new InvalidConfigException(
                    pick.key("clear-panes", AlertRuleConfig::clearPanes), clearPanes, "at least 1 pane");
        }
        double clearFactor =
                pick.value("clear-factor", AlertRuleConfig::clearFactor).orElse(builtIn.clearFactor());
        if (!(clearFactor > 0 && clearFactor <= 1)) {
            throw new InvalidConfigException(
                    pick.key("clear-factor", AlertRuleConfig::clearFactor), clearFactor, "a factor in (0, 1]");
        }
        return new AlertRule(
                statistic,
                threshold(pick, "warning", AlertRuleConfig::warning, builtIn.warning()),
                threshold(pick, "critical", AlertRuleConfig::critical, builtIn.critical()),
                alpha,
                pick.value("min-samples", AlertRuleConfig::minSamples).orElse(minSamples),
                forPanes,
                clearFactor,
                clearPanes,
                decision,
                budget(config));
    }

    /** {@code driftwatch.alerts.fleet-false-alarms-per-day} when set, else the per-series budget. */
    static AlertBudget budget(DriftwatchConfig config) {
        Optional<Double> fleet = config.alerts().fleetFalseAlarmsPerDay();
        double value = fleet.orElse(config.alerts().falseAlarmsPerDay());
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidConfigException(
                    fleet.isPresent()
                            ? "driftwatch.alerts.fleet-false-alarms-per-day"
                            : "driftwatch.alerts.false-alarms-per-day",
                    value,
                    "a number of alerts a day > 0");
        }
        return new AlertBudget(value, fleet.isPresent());
    }

    private static double threshold(
            Picker pick, String name, Function<AlertRuleConfig, Optional<String>> key, double fallback) {
        Optional<String> value = pick.value(name, key);
        if (value.isEmpty()) {
            return fallback;
        }
        String v = value.get().trim();
        if (v.equalsIgnoreCase("off") || v.equalsIgnoreCase("none")) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(v);
            if (d >= 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new InvalidConfigException(pick.key(name, key), v, "a threshold >= 0 or off");
    }

    /** A key's value from the monitor's rule, else from the defaults; and the full name of the key that had it. */
    private record Picker(AlertRuleConfig own, AlertRuleConfig defaults, String ownPrefix) {

        <T> Optional<T> value(String name, Function<AlertRuleConfig, Optional<T>> key) {
            Optional<T> value = key.apply(own);
            return value.isPresent() ? value : key.apply(defaults);
        }

        <T> String key(String name, Function<AlertRuleConfig, Optional<T>> key) {
            return (key.apply(own).isPresent() ? ownPrefix : "driftwatch.alerts.rule.") + name;
        }
    }
}
