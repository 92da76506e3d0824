package io.corral.agent.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the first {@code cap} bytes written to it and counts the rest. */
final class CappedBuffer extends OutputStream {

    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    CappedBuffer(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = Math.max(0, cap - kept.size());
        int take = Math.min(room, len);
        kept.write(b, off, take);
        dropped += len - take;
    }

    synchronized boolean truncated() {
        return dropped > 0;
    }

    /** The kept bytes as UTF-8 (a character cut at the cap becomes U+FFFD). */
    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }
}
