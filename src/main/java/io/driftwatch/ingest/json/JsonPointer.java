package io.driftwatch.ingest.json;

import java.util.ArrayList;
import java.util.List;

/** Parses RFC 6901 JSON Pointers ({@code /features/amount}) into their reference tokens. */
final class JsonPointer {

    private JsonPointer() {}

    /**
     * @throws IllegalArgumentException naming the pointer when it does not start with {@code /} or is empty
     */
    static List<String> tokens(String pointer) {
        if (pointer == null || pointer.isEmpty() || pointer.charAt(0) != '/') {
            throw new IllegalArgumentException(
                    "\"" + pointer + "\" is not a JSON Pointer: expected a path like /score or /features/amount");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }
}
