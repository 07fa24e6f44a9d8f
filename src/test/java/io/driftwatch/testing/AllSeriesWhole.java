package io.driftwatch.testing;

import io.driftwatch.monitor.Series;
import io.driftwatch.monitor.Wholeness;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * In {@code @QuarkusTest}s there is no broker, so stage 2 never owns a partition: the tests fill windows themselves,
 * and every series they make counts as whole. (The packaged application, which the {@code *IT}s run, does not contain
 * this class.)
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class AllSeriesWhole implements Wholeness {

    @Override
    public boolean whole(Series series) {
        return true;
    }
}
