package io.driftwatch.monitor;

import java.util.Optional;

/** What a model name may be, in events and in the API. */
public final class ModelNames {

    /** Longest model name accepted. */
    public static final int MAX_LENGTH = 128;

    private ModelNames() {}

    /** What is wrong with {@code model} as a model name, or empty if it is a valid one. */
    public static Optional<String> problem(String model) {
        if (model == null || model.isEmpty() || model.length() > MAX_LENGTH) {
            return Optional.of("model must be a non-empty string of at most " + MAX_LENGTH + " characters");
        }
        return Optional.empty();
    }
}
