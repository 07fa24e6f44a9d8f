package io.driftwatch.panes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The pane topic's records: key {@code monitor NUL model} (UTF-8), so that every delta of a series lands in one
 * partition and has one owner; value a small binary record.
 *
 * <p>Value, schema 1 (big-endian, {@link DataOutputStream}): byte schema {@code 1}; UTF monitor; UTF model; long pane
 * length in ms; long pane index; int bins fingerprint; int bins; int {@code n} non-zero bins; then {@code n} pairs of
 * int bin, int count. A reader refuses other schemas (an older instance in a rolling update counts them as
 * unreadable and skips them; it never guesses).
 *
 * <p>Stateless and thread-safe.
 */
public final class PaneRecords {

    static final byte SCHEMA = 1;
    private static final int MAX_BINS = 1 << 20;

    private PaneRecords() {}

    /** The record key of a series. */
    public static byte[] key(String monitor, String model) {
        return (monitor + '\0' + model).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The pane-topic partition of a key: Kafka's own hash of keyed records ({@code murmur2}, positive, modulo the
     * partitions), computed here so that producers and owners agree whatever partitioner is configured.
     */
    public static int partition(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    public static byte[] value(PaneDelta d) {
        int nonZero = 0;
        for (int c : d.counts()) {
            if (c != 0) {
                nonZero++;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 8 * nonZero);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(SCHEMA);
            out.writeUTF(d.monitor());
            out.writeUTF(d.model());
            out.writeLong(d.paneMillis());
            out.writeLong(d.pane());
            out.writeInt(d.binsFingerprint());
            out.writeInt(d.counts().length);
            out.writeInt(nonZero);
            int[] counts = d.counts();
            for (int b = 0; b < counts.length; b++) {
                if (counts[b] != 0) {
                    out.writeInt(b);
                    out.writeInt(counts[b]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a record value.
     *
     * @throws IllegalArgumentException naming what is wrong, for anything but a well-formed schema-1 record
     */
    public static PaneDelta read(byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("empty pane record");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            byte schema = in.readByte();
            if (schema != SCHEMA) {
                throw new IllegalArgumentException("pane record schema " + schema + ", this version reads " + SCHEMA);
            }
            String monitor = in.readUTF();
            String model = in.readUTF();
            long paneMillis = in.readLong();
            long pane = in.readLong();
            int fingerprint = in.readInt();
            int bins = in.readInt();
            int nonZero = in.readInt();
            if (paneMillis < 1 || bins < 1 || bins > MAX_BINS || nonZero < 0 || nonZero > bins) {
                throw new IllegalArgumentException("pane record of " + monitor + "/" + model + ": pane length "
                        + paneMillis + " ms, " + bins + " bins, " + nonZero + " non-zero");
            }
            int[] counts = new int[bins];
            for (int i = 0; i < nonZero; i++) {
                int bin = in.readInt();
                int count = in.readInt();
                if (bin < 0 || bin >= bins || count <= 0 || counts[bin] != 0) {
                    throw new IllegalArgumentException(
                            "pane record of " + monitor + "/" + model + ": bin " + bin + " count " + count);
                }
                counts[bin] = count;
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException(
                        "pane record of " + monitor + "/" + model + ": " + in.available() + " bytes after its counts");
            }
            return new PaneDelta(monitor, model, paneMillis, pane, fingerprint, counts);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated pane record (" + value.length + " bytes)", e);
        }
    }
}
