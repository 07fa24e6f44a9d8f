package io.driftwatch.owner;

import io.driftwatch.kafka.Topics;
import io.driftwatch.monitor.Series;
import io.driftwatch.monitor.Wholeness;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;

/**
 * Which series' windows are whole on this instance ({@link Wholeness}, the rule the registry's readers go by): a series
 * is whole while
 *
 * <ul>
 *   <li>its pane-topic partition is assigned here and has been replayed to the end offset it had at assignment
 *       ({@link AppliedOffsets#rebuilt}) — before that its window holds only part of its events; and
 *   <li>the owners' group still counts this instance as the partition's owner: the owner's last poll returned within
 *       {@code session.timeout.ms}, and after a pause (a zombie) or a silent coordinator longer than that, the group
 *       has confirmed the assignment again in a rebalance ({@link OwnerLoop#confirmed}). Such an instance may have
 *       lost its partitions to another owner; it says nothing until the group confirms or revokes them.
 * </ul>
 *
 * <p>Thread-safe: reads volatile state written by the owner's thread.
 */
@ApplicationScoped
public class Ownership implements Wholeness {

    private final AppliedOffsets applied;
    private final OwnerLoop loop;
    private final String paneTopic;

    Ownership(AppliedOffsets applied, OwnerLoop loop, Topics topics) {
        this.applied = applied;
        this.loop = loop;
        this.paneTopic = topics.panes();
    }

    @Override
    public boolean whole(Series series) {
        int partition = series.partition();
        return partition >= 0 && applied.rebuilt(new TopicPartition(paneTopic, partition)) && loop.confirmed();
    }
}
