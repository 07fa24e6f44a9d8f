package io.driftwatch.alerting;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where firing alerts are kept across restarts and handovers, by fingerprint. The application's is the compacted
 * alert-state topic ({@link AlertStateLog}); {@link #inMemory()} keeps them in this process only.
 */
public interface AlertStore {

    /** Whether every alert stored before this process started can be read (until then nothing may fire). */
    boolean caughtUp();

    /** The stored firing alert with this fingerprint, if any. */
    Optional<AlertMessage> firing(String fingerprint);

    /** Keeps a firing alert (before it is delivered). */
    void fired(AlertMessage m);

    /** Forgets a resolved alert. */
    void resolved(String fingerprint);

    /** A store in this process' memory only: alerts survive handovers within the process, not restarts. */
    static AlertStore inMemory() {
        Map<String, AlertMessage> firing = new ConcurrentHashMap<>();
        return new AlertStore() {
            @Override
            public boolean caughtUp() {
                return true;
            }

            @Override
            public Optional<AlertMessage> firing(String fingerprint) {
                return Optional.ofNullable(firing.get(fingerprint));
            }

            @Override
            public void fired(AlertMessage m) {
                firing.put(m.fingerprint(), m);
            }

            @Override
            public void resolved(String fingerprint) {
                firing.remove(fingerprint);
            }
        };
    }
}
