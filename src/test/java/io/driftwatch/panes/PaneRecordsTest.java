package io.driftwatch.panes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PaneRecordsTest {

    @Test
    void aDeltaReadsBackAsItWasWritten() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            int[] counts = new int[1 + random.nextInt(40)];
            for (int b = 0; b < counts.length; b++) {
                counts[b] = random.nextInt(4) == 0 ? random.nextInt(1, Integer.MAX_VALUE) : 0;
            }
            PaneDelta d = new PaneDelta(
                    "monitor-" + i,
                    "modèle/" + i,
                    1 + random.nextInt(60_000),
                    random.nextLong(),
                    random.nextInt(),
                    counts);
            assertThat(PaneRecords.read(PaneRecords.value(d))).isEqualTo(d);
        }
    }

    @Test
    void seriesGoToKafkasOwnPartitionOfTheirKey() {
        for (String model : new String[] {"fraud", "churn", "m-17", "ünïcode"}) {
            byte[] key = PaneRecords.key("score", model);
            assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("score\0" + model);
            for (int partitions : new int[] {1, 3, 12, 100}) {
                assertThat(PaneRecords.partition(key, partitions))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
            }
        }
    }

    @Test
    void recordsThisVersionCannotReadAreRefusedSayingWhy() {
        byte[] good = PaneRecords.value(new PaneDelta("score", "m", 10_000, 5, 7, new int[] {1, 0, 2}));
        byte[] future = good.clone();
        future[0] = 2;
        assertThatThrownBy(() -> PaneRecords.read(future)).hasMessageContaining("schema 2, this version reads 1");
        assertThatThrownBy(() -> PaneRecords.read(Arrays.copyOf(good, good.length - 3)))
                .hasMessageContaining("truncated pane record");
        assertThatThrownBy(() -> PaneRecords.read(Arrays.copyOf(good, good.length + 1)))
                .hasMessageContaining("1 bytes after its counts");
        byte[] badBin = good.clone();
        badBin[badBin.length - 5] = 9; // the second pair's bin: 9 of 3 bins
        assertThatThrownBy(() -> PaneRecords.read(badBin)).hasMessageContaining("score/m: bin 9");
        assertThatThrownBy(() -> PaneRecords.read(new byte[0])).hasMessageContaining("empty pane record");
    }
}
