package io.driftwatch.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Stops and restarts the integration-test broker through {@code deploy/local/kafka.sh}, as an operator would. */
public final class LocalBroker {

    private LocalBroker() {}

    public static void stop() throws IOException, InterruptedException {
        run("stop");
    }

    /** Starts the broker again on the same data, so topics and offsets survive. */
    public static void startKeepingData() throws IOException, InterruptedException {
        run("start", "--keep-data");
    }

    private static void run(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = "deploy/local/kafka.sh";
        System.arraycopy(args, 0, command, 2, args.length);
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("deploy/local/kafka.sh " + String.join(" ", args) + " failed");
        }
    }
}
