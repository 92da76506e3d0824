package io.corral.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Port choice for the stack: 0 becomes a free loopback port, a fixed port must be free. */
final class Ports {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default ephemeral range starts here. */
    static final int EPHEMERAL_LOW = 32768;
    private static final int LOWEST = 10000;

    private Ports() {
    }

    /**
     * {@code count} distinct free loopback ports below the kernel's ephemeral range, for ports that
     * peers keep reconnecting to while nothing listens (the data grid's members). In the ephemeral
     * range, such a connect can be given the very port it dials as its own and connect to itself:
     * a member retrying a stopped peer's address then took that address for its own ("Connecting to
     * self!") and a new member there could not join for over two minutes.
     */
    static int[] freeBelowEphemeral(int count) throws IOException {
        int high = ephemeralLow();
        int[] chosen = new int[count];
        List<ServerSocket> held = new ArrayList<>();
        try {
            int found = 0;
            for (int tries = 0; found < count && tries < 2000; tries++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, high);
                ServerSocket socket = new ServerSocket();
                try {
                    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    held.add(socket);
                    chosen[found++] = port;
                } catch (IOException busy) {
                    socket.close();
                }
            }
            if (found < count) {
                throw new IOException("no free ports between " + LOWEST + " and " + high);
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return chosen;
    }

    /** The first port of the kernel's ephemeral range (where it picks the local ports of outgoing connections). */
    static int ephemeralLow() {
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            int low = Integer.parseInt(range[0]);
            return low > LOWEST + 1000 ? low : EPHEMERAL_LOW;
        } catch (IOException | RuntimeException e) {
            return EPHEMERAL_LOW;
        }
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
