import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A webhook receiver for system tests: appends every POST body, on one line, to a file.
 * Run with the JDK's source launcher: java deploy/test/WebhookReceiver.java PORT FILE
 */
public class WebhookReceiver {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (WebhookReceiver.class) {
                Files.writeString(out, body.replace('\n', ' ') + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        System.out.println("webhook receiver on 127.0.0.1:" + port + ", writing to " + out);
    }
}
