package io.corral.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A TCP load balancer on loopback, as one in front of several control-plane instances: each new
 * connection goes to the next instance that accepts it (round robin), and an instance that is
 * down is skipped. Connections to an instance that dies break, as they would behind a real one.
 * A connection whose first request names an instance ({@code ?instance=} or {@code &instance=}, as
 * a desktop relay's sockets do) goes to that one, as {@code docker/lb/haproxy.cfg}'s
 * {@code use-server} rules send it.
 */
final class Balancer implements AutoCloseable {
    private static final java.util.regex.Pattern INSTANCE = java.util.regex.Pattern.compile("[?&]instance=([A-Za-z0-9._-]+)");
    private final ServerSocket server;
    private final List<IntSupplier> backends;
    private final List<String> names;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** @param backends each instance's port, read per connection (0 or less: not there yet) */
    Balancer(List<IntSupplier> backends) throws IOException {
        this(backends, List.of());
    }

    /** @param names each backend's instance name ({@code CORRAL_INSTANCE_NAME}), in the order of {@code backends} */
    Balancer(List<IntSupplier> backends, List<String> names) throws IOException {
        this.backends = List.copyOf(backends);
        this.names = List.copyOf(names);
        server = new ServerSocket(0, 500, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "balancer-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                start("balancer-connect", () -> connect(client));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("Balancer: accept failed: " + e);
                }
            }
        }
    }

    private void connect(Socket client) {
        byte[] head;
        try {
            head = requestLine(client);
        } catch (IOException e) {
            quietlyClose(client);
            return;
        }
        java.util.regex.Matcher named = INSTANCE.matcher(new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
        int chosen = named.find() ? names.indexOf(named.group(1)) : -1;
        int first = chosen >= 0 ? chosen : Math.floorMod(next.getAndIncrement(), backends.size());
        for (int i = 0; i < backends.size(); i++) {
            int port = backends.get((first + i) % backends.size()).getAsInt();
            if (port <= 0) {
                continue;
            }
            Socket backend = new Socket();
            try {
                backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            } catch (IOException down) {
                quietlyClose(backend);
                continue;
            }
            open.add(backend);
            try {
                backend.getOutputStream().write(head);
            } catch (IOException e) {
                quietlyClose(backend);
                break;
            }
            start("balancer-up", () -> pipe(client, backend));
            start("balancer-down", () -> pipe(backend, client));
            return;
        }
        quietlyClose(client);
    }

    /** What the client sent up to the end of its first line (the request line), at most 8 KiB. */
    private static byte[] requestLine(Socket client) throws IOException {
        client.setSoTimeout(10_000);
        InputStream in = client.getInputStream();
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        int b;
        while (head.size() < 8192 && (b = in.read()) >= 0) {
            head.write(b);
            if (b == '\n') {
                break;
            }
        }
        client.setSoTimeout(0);
        return head.toByteArray();
    }

    /** Copies until either side ends, then closes both (a broken backend breaks the client's connection). */
    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the connection broke: close both below
        } finally {
            quietlyClose(from);
            quietlyClose(to);
        }
    }

    private void quietlyClose(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        open.forEach(this::quietlyClose);
    }
}
