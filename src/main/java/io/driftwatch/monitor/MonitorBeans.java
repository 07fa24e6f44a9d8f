package io.driftwatch.monitor;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/** CDI wiring of the clock every component reads time from (tests replace it). */
public class MonitorBeans {

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }
}
