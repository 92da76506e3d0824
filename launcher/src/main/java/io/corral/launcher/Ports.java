package io.corral.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Port choice for the stack: 0 becomes a free loopback port, a fixed port must be free. */
final class Ports {

    private Ports() {
    }

    /**
     * Resolves the requested ports in order. Sockets stay open until all are chosen, so the
     * free ports handed out are distinct from each other.
     */
    static int[] resolve(int[] requested, String[] names) throws IOException {
        int[] resolved = new int[requested.length];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < requested.length; i++) {
                ServerSocket socket = new ServerSocket();
                held.add(socket);
                try {
                    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requested[i]));
                } catch (IOException e) {
                    throw new IOException("port " + requested[i] + " for the " + names[i]
                            + " is in use (another Corral still running?); choose another or 0 for any free port", e);
                }
                resolved[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return resolved;
    }
}
