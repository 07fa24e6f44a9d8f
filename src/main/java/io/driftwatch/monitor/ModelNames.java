package io.driftwatch.monitor;

import java.util.Optional;

/**
 * What a model name may be, in events and in the API: 1 to {@value #MAX_LENGTH} characters, not {@code .} or
 * {@code ..} (path segments: {@code /models/../reference} would address the monitor default), and no control or line
 * separator characters (they would be written raw into logs and label values).
 */
public final class ModelNames {

    /** Longest model name accepted. */
    public static final int MAX_LENGTH = 128;

    private ModelNames() {}

    /** What is wrong with {@code model} as a model name, or empty if it is a valid one; never echoes control chars. */
    public static Optional<String> problem(String model) {
        if (model == null || model.isEmpty() || model.length() > MAX_LENGTH) {
            return Optional.of("model must be a non-empty string of at most " + MAX_LENGTH + " characters");
        }
        if (model.equals(".") || model.equals("..")) {
            return Optional.of("model \"" + model + "\" is not allowed: \".\" and \"..\" are path segments");
        }
        for (int i = 0; i < model.length(); i++) {
            char c = model.charAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return Optional.of(String.format(
                        "model contains the control character U+%04X at position %d; model names are printable text",
                        (int) c, i));
            }
        }
        return Optional.empty();
    }
}
