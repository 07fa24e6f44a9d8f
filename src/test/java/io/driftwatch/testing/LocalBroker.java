package io.driftwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Freezes the broker process ({@code kill -STOP}): connections stay open, nothing is answered. */
    public static void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a paused broker run again ({@code kill -CONT}). */
    public static void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private static void signal(String signal) throws IOException, InterruptedException {
        String state = System.getenv().getOrDefault("KAFKA_STATE_DIR", "target/kafka");
        String pid = Files.readString(Path.of(state, "kafka.pid")).strip();
        Process p = new ProcessBuilder("kill", signal, pid).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " failed");
        }
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
