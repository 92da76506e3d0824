package io.corral.agent.clone;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A slot of the {@link CloneGate}. Held until {@link #release()} (before a UPID exists) or until the
 * task handed to {@link #holdUntilStopped(String)} stopped.
 */
public final class CloneSlot implements AutoCloseable {

    enum State { HELD, WATCHED, RELEASED }

    private static final long WAIT_CHUNK_MILLIS = 100;

    private final CloneGate gate;
    private final String node;
    private final int sourceVmid;
    private final String templateKey;
    private final String storageKey;
    private final Instant grantedAt = Instant.now();
    // Guarded by gate.lock.
    State state = State.HELD;
    private String upid;
    int unknownPolls;

    CloneSlot(CloneGate gate, CloneWaiter waiter) {
        this.gate = gate;
        this.node = waiter.node;
        this.sourceVmid = waiter.sourceVmid;
        this.templateKey = waiter.templateKey;
        this.storageKey = waiter.storageKey;
    }

    public String node() {
        return node;
    }

    public int sourceVmid() {
        return sourceVmid;
    }

    /** {@code node/vmid}. */
    public String templateKey() {
        return templateKey;
    }

    public String storageKey() {
        return storageKey;
    }

    public Instant grantedAt() {
        return grantedAt;
    }

    /** The clone task's UPID once handed over, else null. */
    public String upid() {
        synchronized (gate.lock) {
            return upid;
        }
    }

    /**
     * Hands the clone task to the gate: from now on the slot is freed only when Proxmox reports
     * the task stopped (or by {@link #taskStopped()}), whatever the caller does.
     *
     * @throws IllegalStateException when the slot was released already, or holds another UPID
     */
    public void holdUntilStopped(String taskUpid) {
        Objects.requireNonNull(taskUpid, "upid");
        synchronized (gate.lock) {
            if (state == State.RELEASED) {
                throw new IllegalStateException("clone slot " + this + " was released already");
            }
            if (state == State.WATCHED) {
                if (taskUpid.equals(upid)) {
                    return;
                }
                throw new IllegalStateException("clone slot " + this + " holds task " + upid + " already");
            }
            upid = taskUpid;
            state = State.WATCHED;
            gate.watch(this);
        }
    }

    /**
     * The caller saw the handed task {@code stopped} itself: frees the slot now rather than at
     * the watcher's next round. Does nothing before a UPID was handed over.
     */
    public void taskStopped() {
        synchronized (gate.lock) {
            if (state == State.WATCHED) {
                gate.free(this, "the caller saw the task stopped");
            }
        }
    }

    /**
     * Frees the slot when no task was handed over (the clone request failed without a UPID).
     * Once a UPID was handed over this does nothing: only the task's end frees the slot.
     *
     * @return true if this call freed the slot
     */
    public boolean release() {
        synchronized (gate.lock) {
            if (state == State.HELD) {
                return gate.free(this, "released before a task was handed over");
            }
            return false;
        }
    }

    /** {@link #release()}: a try-with-resources block frees the slot unless a UPID was handed over. */
    @Override
    public void close() {
        release();
    }

    public boolean isReleased() {
        synchronized (gate.lock) {
            return state == State.RELEASED;
        }
    }

    /** Waits until the slot is freed; true if it was within {@code timeout}. */
    public boolean awaitReleased(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (gate.lock) {
            while (state != State.RELEASED) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                gate.lock.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, WAIT_CHUNK_MILLIS)));
            }
            return true;
        }
    }


    /** The node the task runs on: a UPID names it ({@code UPID:node:…}). */
    String taskNode() {
        String[] parts = upid == null ? new String[0] : upid.split(":", 3);
        return parts.length >= 3 && !parts[1].isEmpty() ? parts[1] : node;
    }

    @Override
    public String toString() {
        return templateKey + "@" + storageKey + (upid == null ? "" : " (" + upid + ")");
    }
}
