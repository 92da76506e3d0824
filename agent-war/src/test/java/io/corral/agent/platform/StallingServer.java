package io.corral.agent.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP/1.1 server on 127.0.0.1 that answers every request with status line and headers
 * (a 100-byte JSON body announced) and the first bytes of the body, then sends nothing more while
 * holding the connection open: a peer that stalls mid-body.
 */
public final class StallingServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public StallingServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "stalling-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Connections answered so far. */
    public int answered() {
        return held.size();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                readHeaders(client.getInputStream());
                OutputStream out = client.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                        + "{\"data\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                held.add(client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : held) {
            client.close();
        }
    }
}
