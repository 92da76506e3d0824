package io.corral.pvesim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The flock QEMU tasks take on {@code /var/lock/qemu-server/lock-<vmid>.conf}: one holder per VMID,
 * the others wait in order. Waiting is not blocking: a waiter is called back when it gets the lock.
 */
final class FileLocks {

    private final Map<Integer, Entry> locks = new HashMap<>();

    static String path(int vmid) {
        return "/var/lock/qemu-server/lock-" + vmid + ".conf";
    }

    /** Takes the lock now (true), or queues {@code owner} and runs {@code onGranted} when it gets it. */
    synchronized boolean acquire(int vmid, Object owner, Runnable onGranted) {
        Entry entry = locks.computeIfAbsent(vmid, v -> new Entry());
        if (entry.holder == null) {
            entry.holder = owner;
            return true;
        }
        entry.waiters.add(new Waiter(owner, onGranted));
        return false;
    }

    /** Gives up the lock or the place in the queue; the next waiter, if any, gets the lock. */
    void release(int vmid, Object owner) {
        Runnable grant = null;
        synchronized (this) {
            Entry entry = locks.get(vmid);
            if (entry == null) {
                return;
            }
            if (entry.holder == owner) {
                Waiter next = entry.waiters.poll();
                entry.holder = next == null ? null : next.owner();
                grant = next == null ? null : next.onGranted();
            } else {
                entry.waiters.removeIf(w -> w.owner() == owner);
            }
            if (entry.holder == null && entry.waiters.isEmpty()) {
                locks.remove(vmid);
            }
        }
        if (grant != null) {
            grant.run();
        }
    }

    synchronized boolean isHeld(int vmid) {
        return locks.containsKey(vmid);
    }

    synchronized void clear() {
        locks.clear();
    }

    private static final class Entry {
        private Object holder;
        private final Deque<Waiter> waiters = new ArrayDeque<>();
    }

    private record Waiter(Object owner, Runnable onGranted) {
    }
}
