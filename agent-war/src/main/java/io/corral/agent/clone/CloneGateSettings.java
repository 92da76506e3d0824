package io.corral.agent.clone;

import java.time.Duration;

/**
 * How the {@link CloneGate} bounds clones.
 *
 * @param perStorage       clones running at once per target storage ({@code CORRAL_AGENT_CLONE_PER_STORAGE},
 *                         default 2)
 * @param queueLimit       clones waiting for a slot at once, over all keys ({@code CORRAL_AGENT_CLONE_QUEUE},
 *                         default 100); one more is refused at once
 * @param watchInterval    how often the gate's watcher asks Proxmox about the tasks of held slots
 * @param unknownTaskPolls after this many answers in a row that Proxmox does not know a held slot's task
 *                         (it was given a wrong UPID, or Proxmox lost its task list), the slot is freed
 *                         rather than wedging the gate; unreachable Proxmox never frees a slot
 */
public record CloneGateSettings(int perStorage, int queueLimit, Duration watchInterval, int unknownTaskPolls) {

    public static final int DEFAULT_PER_STORAGE = 2;
    public static final int DEFAULT_QUEUE_LIMIT = 100;

    public CloneGateSettings {
        perStorage = Math.max(1, perStorage);
        queueLimit = Math.max(0, queueLimit);
        watchInterval = watchInterval == null || watchInterval.isNegative() || watchInterval.isZero()
                ? Duration.ofSeconds(1) : watchInterval;
        unknownTaskPolls = Math.max(1, unknownTaskPolls);
    }

    public static CloneGateSettings defaults() {
        return new CloneGateSettings(DEFAULT_PER_STORAGE, DEFAULT_QUEUE_LIMIT, Duration.ofSeconds(1), 5);
    }

    public CloneGateSettings withPerStorage(int value) {
        return new CloneGateSettings(value, queueLimit, watchInterval, unknownTaskPolls);
    }

    public CloneGateSettings withQueueLimit(int value) {
        return new CloneGateSettings(perStorage, value, watchInterval, unknownTaskPolls);
    }

    public CloneGateSettings withWatchInterval(Duration value) {
        return new CloneGateSettings(perStorage, queueLimit, value, unknownTaskPolls);
    }
}
