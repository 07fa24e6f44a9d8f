package io.driftwatch.alerting;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.DriftwatchConfig.AlertRuleConfig;
import io.driftwatch.core.alert.AlertRule;
import io.driftwatch.core.alert.Statistic;
import io.driftwatch.monitor.InvalidConfigException;
import io.driftwatch.monitor.MonitorDefinition;
import java.util.Optional;
import java.util.function.Function;

/** Builds each monitor's effective {@link AlertRule}: monitor keys, then defaults, then built-in defaults. */
final class AlertRules {

    private AlertRules() {}

    static AlertRule forMonitor(DriftwatchConfig config, MonitorDefinition monitor) {
        AlertRuleConfig own = config.monitors().get(monitor.name()).alert();
        AlertRuleConfig defaults = config.alerts().rule();
        String prefix = "driftwatch.monitors." + monitor.name() + ".alert.";
        String statistic = pick(own, defaults, AlertRuleConfig::statistic).orElse("kl");
        try {
            return new AlertRule(
                    Statistic.fromKey(statistic),
                    threshold(prefix + "warning", pick(own, defaults, AlertRuleConfig::warning), 0.05),
                    threshold(prefix + "critical", pick(own, defaults, AlertRuleConfig::critical), 0.15),
                    pick(own, defaults, AlertRuleConfig::alpha).orElse(0.01),
                    pick(own, defaults, AlertRuleConfig::minSamples)
                            .orElse(monitor.analyzer().minSamples()),
                    pick(own, defaults, AlertRuleConfig::forPanes).orElse(2),
                    pick(own, defaults, AlertRuleConfig::clearFactor).orElse(0.8),
                    pick(own, defaults, AlertRuleConfig::clearPanes).orElse(2));
        } catch (InvalidConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(prefix + "* (or driftwatch.alerts.rule.*)", statistic, e.getMessage());
        }
    }

    private static <T> Optional<T> pick(
            AlertRuleConfig own, AlertRuleConfig defaults, Function<AlertRuleConfig, Optional<T>> key) {
        Optional<T> value = key.apply(own);
        return value.isPresent() ? value : key.apply(defaults);
    }

    private static double threshold(String key, Optional<String> value, double fallback) {
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
        throw new InvalidConfigException(key, v, "a threshold >= 0 or off");
    }
}
