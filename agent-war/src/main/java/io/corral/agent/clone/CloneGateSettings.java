package io.corral.agent.clone;

import java.time.Duration;

/**
 * How the {@link CloneGate} bounds clones.
 *
 * @param perStorage          clones running at once per target storage ({@code CORRAL_AGENT_CLONE_PER_STORAGE},
 *                            default 2)
 * @param queueLimit          the agent's own {@code proxmox.clone} commands waiting for a slot at once
 *                            ({@code CORRAL_AGENT_CLONE_QUEUE}, default 100); one more is refused at once.
 *                            Proxy clients never take these places.
 * @param watchInterval       how often the gate's watcher asks Proxmox about the tasks of held slots
 * @param unknownTaskPolls    after this many answers in a row that Proxmox does not know a held slot's task
 *                            (it was given a wrong UPID, or Proxmox lost its task list), the slot is freed
 *                            rather than wedging the gate; unreachable Proxmox never frees a slot
 * @param proxyQueueLimit     clones of PVE proxy clients waiting at once, all clients together
 *                            ({@code CORRAL_AGENT_PROXY_CLONE_QUEUE}, default 100)
 * @param perClientQueueLimit clones of one proxy client waiting at once
 *                            ({@code CORRAL_AGENT_PROXY_CLONE_QUEUE_PER_CLIENT}, default 20)
 */
public record CloneGateSettings(int perStorage, int queueLimit, Duration watchInterval, int unknownTaskPolls,
        int proxyQueueLimit, int perClientQueueLimit) {

    public static final int DEFAULT_PER_STORAGE = 2;
    public static final int DEFAULT_QUEUE_LIMIT = 100;
    public static final int DEFAULT_PROXY_QUEUE_LIMIT = 100;
    public static final int DEFAULT_PER_CLIENT_QUEUE_LIMIT = 20;

    public CloneGateSettings {
        perStorage = Math.max(1, perStorage);
        queueLimit = Math.max(0, queueLimit);
        watchInterval = watchInterval == null || watchInterval.isNegative() || watchInterval.isZero()
                ? Duration.ofSeconds(1) : watchInterval;
        unknownTaskPolls = Math.max(1, unknownTaskPolls);
        proxyQueueLimit = Math.max(0, proxyQueueLimit);
        perClientQueueLimit = Math.max(0, Math.min(perClientQueueLimit, proxyQueueLimit));
    }

    public static CloneGateSettings defaults() {
        return new CloneGateSettings(DEFAULT_PER_STORAGE, DEFAULT_QUEUE_LIMIT, Duration.ofSeconds(1), 5,
                DEFAULT_PROXY_QUEUE_LIMIT, DEFAULT_PER_CLIENT_QUEUE_LIMIT);
    }

    public CloneGateSettings withPerStorage(int value) {
        return new CloneGateSettings(value, queueLimit, watchInterval, unknownTaskPolls, proxyQueueLimit,
                perClientQueueLimit);
    }

    public CloneGateSettings withQueueLimit(int value) {
        return new CloneGateSettings(perStorage, value, watchInterval, unknownTaskPolls, proxyQueueLimit,
                perClientQueueLimit);
    }

    public CloneGateSettings withWatchInterval(Duration value) {
        return new CloneGateSettings(perStorage, queueLimit, value, unknownTaskPolls, proxyQueueLimit,
                perClientQueueLimit);
    }

    /** Waiting places of proxy clients: {@code total} for all of them, {@code perClient} for each. */
    public CloneGateSettings withProxyQueue(int total, int perClient) {
        return new CloneGateSettings(perStorage, queueLimit, watchInterval, unknownTaskPolls, total, perClient);
    }
}
