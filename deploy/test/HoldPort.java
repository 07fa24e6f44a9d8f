import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Holds a loopback port, as someone else's broker would, and prints one line per connection it is offered:
 * {@code java deploy/test/HoldPort.java 9092 > connections.txt}. Used by {@code demo-ports-test.sh} to prove that the
 * demo, moved to other ports, never talks to the default ones.
 */
public class HoldPort {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            System.err.println("holding 127.0.0.1:" + port);
            while (true) {
                try (Socket s = server.accept()) {
                    System.out.println("connection to " + port + " from " + s.getRemoteSocketAddress());
                    System.out.flush();
                }
            }
        }
    }
}
