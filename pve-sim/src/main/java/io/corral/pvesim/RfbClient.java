package io.corral.pvesim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal RFB client over a WebSocket (as noVNC speaks it), reading the server's bytes as a stream.
 * For tests and benchmarks of the simulator's guest desktops and of the relays in front of them.
 */
public final class RfbClient implements AutoCloseable {
    public record ServerInit(int width, int height, String name) {
    }

    private final LinkedBlockingQueue<Object> incoming = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    private ByteBuffer current = ByteBuffer.allocate(0);

    public RfbClient(URI uri) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
                        incoming.add(copy);
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        incoming.add("closed " + code + " " + reason);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    public ServerInit handshake() throws Exception {
        String version = new String(read(12), StandardCharsets.US_ASCII);
        if (!version.equals("RFB 003.008\n")) {
            throw new IOException("server version " + version);
        }
        send("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        byte[] types = read(read(1)[0] & 0xff);
        if (types[0] != 1) {
            throw new IOException("security type None not offered");
        }
        send(new byte[] {1});
        if (ByteBuffer.wrap(read(4)).getInt() != 0) {
            throw new IOException("security failed");
        }
        send(new byte[] {1});
        ByteBuffer init = ByteBuffer.wrap(read(24));
        int width = init.getShort(0) & 0xffff;
        int height = init.getShort(2) & 0xffff;
        String name = new String(read(init.getInt(20)), StandardCharsets.UTF_8);
        return new ServerInit(width, height, name);
    }

    /** A non-incremental update request for an area; returns the pixel bytes of the one Raw rectangle. */
    public byte[] update(int x, int y, int w, int h) throws Exception {
        send(ByteBuffer.allocate(10).put((byte) 3).put((byte) 0).putShort((short) x).putShort((short) y)
                .putShort((short) w).putShort((short) h).array());
        ByteBuffer header = ByteBuffer.wrap(read(16));
        int rw = header.getShort(8) & 0xffff;
        int rh = header.getShort(10) & 0xffff;
        return read(rw * rh * 4);
    }

    public void send(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
    }

    public void text(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    public byte[] read(int n) throws Exception {
        byte[] out = new byte[n];
        int at = 0;
        while (at < n) {
            if (!current.hasRemaining()) {
                Object next = incoming.poll(10, TimeUnit.SECONDS);
                if (next == null) {
                    throw new IOException("no bytes within 10 s");
                }
                if (next instanceof String closed) {
                    throw new IOException(closed);
                }
                current = (ByteBuffer) next;
                continue;
            }
            int k = Math.min(n - at, current.remaining());
            current.get(out, at, k);
            at += k;
        }
        return out;
    }

    @Override
    public void close() {
        socket.sendClose(1000, "bye").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
