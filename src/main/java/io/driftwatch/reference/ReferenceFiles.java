package io.driftwatch.reference;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.InvalidConfigException;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.core.histogram.VersionedReference;
import io.driftwatch.monitor.FieldPattern;
import io.driftwatch.monitor.ReferenceLoader;
import io.driftwatch.monitor.TrainingLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Configured reference files: read with {@link ReferenceParser}, versioned with the source {@code config:<path>} and the
 * file's modification time; training files of field patterns through {@link TrainingReferences}.
 */
public class ReferenceFiles implements ReferenceLoader, TrainingLoader {

    private static final Logger LOG = Logger.getLogger(ReferenceFiles.class);

    /** Key of {@link io.driftwatch.config.ReferencesConfig#topCategories()}. */
    static final String TOP_CATEGORIES_KEY = "driftwatch.references.top-categories";

    private final int topCategories;

    /** @param topCategories categories a categorical feature of a training file keeps */
    ReferenceFiles(int topCategories) {
        this.topCategories = topCategories;
    }

    /** {@code driftwatch.references.top-categories}, checked against the category limit. */
    static int topCategories(DriftwatchConfig config) {
        int top = config.references().topCategories();
        int max = config.references().maxCategories();
        if (top < 1 || top > max) {
            throw new InvalidConfigException(
                    TOP_CATEGORIES_KEY,
                    top,
                    "a number from 1 to " + max + " (" + ReferenceLimits.MAX_CATEGORIES_KEY + ")");
        }
        return top;
    }

    @Override
    public Map<String, Member> load(String path, FieldPattern pattern, int quantileBins, ReferenceLimits limits) {
        Path file = Path.of(path);
        TrainingReferences.Result result;
        TrainingReferences.Format format;
        try {
            format = TrainingReferences.format(path); // its form first: a .parquet file is named as one
        } catch (InvalidReferenceException e) {
            throw e.within(path);
        }
        try (InputStream in = Files.newInputStream(file)) {
            result = TrainingReferences.build(
                    in, format, TrainingReferences.spec(pattern, quantileBins, topCategories, limits));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read (" + e.getMessage() + ")");
        } catch (InvalidReferenceException e) {
            throw e.within(path);
        }
        Instant modified = modified(file);
        Map<String, Member> members = new TreeMap<>();
        result.features().forEach((member, f) -> {
            if (f.reference() == null) {
                LOG.warnf(
                        "monitor %s: feature %s of %s is not monitored: %s", pattern.name(), member, path, f.problem());
            } else {
                members.put(
                        member, new Member(f.kind(), VersionedReference.of(f.reference(), "config:" + path, modified)));
            }
        });
        pattern.kinds().keySet().stream()
                .filter(k -> !result.features().containsKey(k))
                .forEach(k -> LOG.warnf(
                        "monitor %s: kinds.%s is declared but %s has no such feature", pattern.name(), k, path));
        LOG.infof(
                "monitor %s: %d features from %s (%d rows%s%s)",
                pattern.name(),
                members.size(),
                path,
                result.rows(),
                result.rejected().isEmpty() ? "" : ", rejected " + result.rejected() + ", e.g. " + result.examples(),
                result.ignored().isEmpty() ? "" : ", ignored " + result.ignored());
        return members;
    }

    @Override
    public VersionedReference load(String path, Kind kind, int quantileBins, ReferenceLimits limits, String csvColumn) {
        Path file = Path.of(path);
        var reference = ReferenceParser.readFile(file, kind, quantileBins, limits, csvColumn);
        return VersionedReference.of(reference, "config:" + path, modified(file));
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    static ReferenceFiles files(DriftwatchConfig config) {
        return new ReferenceFiles(topCategories(config));
    }
}
