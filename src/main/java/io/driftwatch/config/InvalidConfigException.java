package io.driftwatch.config;

/** Configuration that Driftwatch refuses to start with; the message names the key, the value and what is expected. */
public class InvalidConfigException extends IllegalArgumentException {

    public InvalidConfigException(String key, Object value, String expected) {
        super("invalid configuration " + key + "=" + value + ": expected " + expected);
    }
}
