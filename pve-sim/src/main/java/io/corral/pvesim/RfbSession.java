package io.corral.pvesim;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The server side of one RFB 3.8 connection, as bytes in and bytes out (no I/O here): version,
 * security type None, ClientInit/ServerInit with a 32-bit true-colour framebuffer, then the client
 * messages of RFC 6143 section 7.5. A non-incremental update request is answered at once with the
 * requested area in Raw encoding; an incremental one is answered by the caller's {@link #tick()}
 * (an empty update), as a desktop where nothing moves.
 */
public final class RfbSession {
    public static final String VERSION = "RFB 003.008\n";
    private static final int SECURITY_NONE = 1;

    private enum Phase { VERSION, SECURITY, INIT, NORMAL, CLOSED }

    private final int width;
    private final int height;
    private final String name;
    private final byte[] frame;
    private byte[] in = new byte[0];
    private Phase phase = Phase.VERSION;
    private boolean incrementalPending;
    private String failure;

    public RfbSession(int width, int height, String name) {
        this.width = width;
        this.height = height;
        this.name = name;
        this.frame = pattern(width, height);
    }

    /** What the server sends first: its protocol version. */
    public byte[] greeting() {
        return VERSION.getBytes(StandardCharsets.US_ASCII);
    }

    /** Takes bytes from the client; returns what to send back (possibly nothing). */
    public List<byte[]> receive(byte[] bytes) {
        byte[] joined = new byte[in.length + bytes.length];
        System.arraycopy(in, 0, joined, 0, in.length);
        System.arraycopy(bytes, 0, joined, in.length, bytes.length);
        in = joined;
        List<byte[]> out = new ArrayList<>();
        int used;
        while (phase != Phase.CLOSED && (used = step(out)) > 0) {
            in = java.util.Arrays.copyOfRange(in, used, in.length);
        }
        return out;
    }

    /** The empty update owed to an incremental request, if one is pending. */
    public byte[] tick() {
        if (!incrementalPending || phase != Phase.NORMAL) {
            return null;
        }
        incrementalPending = false;
        return new byte[] {0, 0, 0, 0};
    }

    public boolean closed() {
        return phase == Phase.CLOSED;
    }

    /** Why the session ended on a protocol error; null otherwise. */
    public String failure() {
        return failure;
    }

    /** Handles one complete unit at the head of the input; returns the bytes it used, 0 when more are needed. */
    private int step(List<byte[]> out) {
        if (in.length == 0) {
            return 0;
        }
        switch (phase) {
            case VERSION -> {
                if (in.length < 12) {
                    return 0;
                }
                String version = new String(in, 0, 12, StandardCharsets.US_ASCII);
                if (!version.startsWith("RFB 003.")) {
                    return fail("not an RFB client: " + version.trim());
                }
                out.add(new byte[] {1, SECURITY_NONE});
                phase = Phase.SECURITY;
                return 12;
            }
            case SECURITY -> {
                if (in[0] != SECURITY_NONE) {
                    return fail("security type " + in[0] + " was not offered");
                }
                out.add(new byte[] {0, 0, 0, 0});
                phase = Phase.INIT;
                return 1;
            }
            case INIT -> {
                out.add(serverInit());
                phase = Phase.NORMAL;
                return 1;
            }
            case NORMAL -> {
                return message(out);
            }
            default -> {
                return 0;
            }
        }
    }

    private int message(List<byte[]> out) {
        int type = in[0] & 0xff;
        int length = switch (type) {
            case 0 -> 20;
            case 2 -> in.length < 4 ? -1 : 4 + 4 * u16(2);
            case 3 -> 10;
            case 4 -> 8;
            case 5 -> 6;
            case 6 -> in.length < 8 ? -1 : 8 + Math.abs(ByteBuffer.wrap(in, 4, 4).getInt());
            default -> -2;
        };
        if (length == -2) {
            return fail("unknown client message type " + type);
        }
        if (length < 0 || in.length < length) {
            return 0;
        }
        if (type == 3) {
            if (in[1] != 0) {
                incrementalPending = true;
            } else {
                out.add(update(u16(2), u16(4), u16(6), u16(8)));
            }
        }
        return length;
    }

    private byte[] serverInit() {
        byte[] title = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(24 + title.length);
        b.putShort((short) width).putShort((short) height);
        b.put((byte) 32).put((byte) 24).put((byte) 0).put((byte) 1);
        b.putShort((short) 255).putShort((short) 255).putShort((short) 255);
        b.put((byte) 16).put((byte) 8).put((byte) 0).put(new byte[3]);
        b.putInt(title.length).put(title);
        return b.array();
    }

    /** A FramebufferUpdate with one Raw rectangle: the requested area, clipped to the screen. */
    private byte[] update(int x, int y, int w, int h) {
        int cx = Math.min(x, width);
        int cy = Math.min(y, height);
        int cw = Math.min(w, width - cx);
        int ch = Math.min(h, height - cy);
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + cw * ch * 4);
        b.put((byte) 0).put((byte) 0).putShort((short) 1);
        b.putShort((short) cx).putShort((short) cy).putShort((short) cw).putShort((short) ch).putInt(0);
        for (int row = cy; row < cy + ch; row++) {
            b.put(frame, (row * width + cx) * 4, cw * 4);
        }
        return b.array();
    }

    private int u16(int at) {
        return ((in[at] & 0xff) << 8) | (in[at + 1] & 0xff);
    }

    private int fail(String why) {
        failure = why;
        phase = Phase.CLOSED;
        return 0;
    }

    private static byte[] pattern(int width, int height) {
        byte[] pixels = new byte[width * height * 4];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 4;
                pixels[i] = (byte) (x * 255 / Math.max(1, width - 1));
                pixels[i + 1] = (byte) (y * 255 / Math.max(1, height - 1));
                pixels[i + 2] = (byte) 0x60;
            }
        }
        return pixels;
    }
}
