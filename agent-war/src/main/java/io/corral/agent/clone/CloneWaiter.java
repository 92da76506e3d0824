package io.corral.agent.clone;

/** One clone waiting in the {@link CloneQueue}; {@code slot} is set when it is granted. */
final class CloneWaiter {

    /** The proxy client it waits for, or null for one of the agent's own commands. */
    final String client;
    final String node;
    final int sourceVmid;
    final String templateKey;
    final String storageKey;
    final long queuedAt = System.nanoTime();
    // Guarded by the gate's lock.
    CloneSlot slot;

    CloneWaiter(String client, String node, int sourceVmid, String templateKey, String storageKey) {
        this.client = client;
        this.node = node;
        this.sourceVmid = sourceVmid;
        this.templateKey = templateKey;
        this.storageKey = storageKey;
    }
}
