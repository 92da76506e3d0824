package io.corral.agent.executor.proxmox;

import java.time.Duration;

/**
 * How the {@code proxmox.*} executors drive Proxmox tasks.
 *
 * @param pollInterval       the longest wait between two task status polls ({@code CORRAL_AGENT_PVE_TASK_POLL_MS},
 *                           500 ms); see {@link #taskPollDelay(Duration)}
 * @param pollIntervalMin    the shortest such wait ({@code CORRAL_AGENT_PVE_TASK_POLL_MIN_MS}, 25 ms)
 * @param lockRetries        retries of an operation that met a lock ({@code CORRAL_AGENT_PVE_LOCK_RETRIES}, 3)
 * @param lockBackoffInitial first wait before such a retry, doubled per retry
 *                           ({@code CORRAL_AGENT_PVE_LOCK_BACKOFF_MS}, 2 s)
 * @param lockBackoffMax     longest wait before a retry ({@code CORRAL_AGENT_PVE_LOCK_BACKOFF_MAX_MS}, 8 s)
 * @param stopWait           after a cancel stopped a task, how long to wait for it to report {@code stopped}
 * @param pollErrorGrace     how long task polls may fail in a row (Proxmox unreachable) before the command
 *                           fails {@code PVE_UNREACHABLE}; the task itself is left alone
 * @param cloneSlotWait      default wait for a clone gate slot ({@code CORRAL_AGENT_CLONE_WAIT_SECONDS},
 *                           1 h); a payload's {@code slotWaitSeconds} overrides it
 * @param logTailLines       log lines reported with warnings and failures (20)
 * @param configSetKeys      keys {@code proxmox.config.set} may touch ({@code CORRAL_AGENT_CONFIG_SET_KEYS})
 */
public record ProxmoxSettings(Duration pollInterval, Duration pollIntervalMin, int lockRetries, Duration lockBackoffInitial,
                              Duration lockBackoffMax, Duration stopWait, Duration pollErrorGrace,
                              Duration cloneSlotWait, int logTailLines, ConfigSetKeys configSetKeys) {

    /** With the default config key allow-list. */
    public ProxmoxSettings(Duration pollInterval, Duration pollIntervalMin, int lockRetries, Duration lockBackoffInitial,
                           Duration lockBackoffMax, Duration stopWait, Duration pollErrorGrace,
                           Duration cloneSlotWait, int logTailLines) {
        this(pollInterval, pollIntervalMin, lockRetries, lockBackoffInitial, lockBackoffMax, stopWait, pollErrorGrace,
                cloneSlotWait, logTailLines, ConfigSetKeys.defaults());
    }

    public ProxmoxSettings {
        pollInterval = atLeast(pollInterval, Duration.ofMillis(10));
        pollIntervalMin = pollIntervalMin == null || pollIntervalMin.compareTo(pollInterval) > 0 ? pollInterval
                : atLeast(pollIntervalMin, Duration.ofMillis(5));
        lockRetries = Math.max(0, lockRetries);
        lockBackoffInitial = atLeast(lockBackoffInitial, Duration.ofMillis(1));
        lockBackoffMax = atLeast(lockBackoffMax, lockBackoffInitial);
        stopWait = atLeast(stopWait, Duration.ofMillis(10));
        pollErrorGrace = atLeast(pollErrorGrace, Duration.ZERO);
        cloneSlotWait = atLeast(cloneSlotWait, Duration.ZERO);
        logTailLines = Math.max(1, logTailLines);
        configSetKeys = configSetKeys == null ? ConfigSetKeys.defaults() : configSetKeys;
    }

    public ProxmoxSettings withConfigSetKeys(ConfigSetKeys keys) {
        return new ProxmoxSettings(pollInterval, pollIntervalMin, lockRetries, lockBackoffInitial, lockBackoffMax,
                stopWait, pollErrorGrace, cloneSlotWait, logTailLines, keys);
    }

    public static ProxmoxSettings defaults() {
        return new ProxmoxSettings(Duration.ofMillis(500), Duration.ofMillis(25), 3, Duration.ofSeconds(2), Duration.ofSeconds(8),
                Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofHours(1), 20);
    }

    /**
     * The wait before the next status poll of a task that has run for {@code elapsed}: a twentieth of
     * that, within [{@link #pollIntervalMin()}, {@link #pollInterval()}]. A task is thus seen ended at
     * most about 5 % (or the minimum) after it ended, short tasks do not wait for a long fixed interval,
     * and a long task costs Proxmox one poll per {@link #pollInterval()}.
     */
    public Duration taskPollDelay(Duration elapsed) {
        long share = Math.max(0, elapsed.toNanos()) / 20;
        long nanos = Math.max(pollIntervalMin.toNanos(), Math.min(pollInterval.toNanos(), share));
        return Duration.ofNanos(nanos);
    }

    /** The wait before retry {@code n} (1-based): initial, doubled, capped. */
    public Duration lockBackoff(int retry) {
        long millis = lockBackoffInitial.toMillis();
        for (int i = 1; i < retry && millis < lockBackoffMax.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, lockBackoffMax.toMillis()));
    }

    private static Duration atLeast(Duration value, Duration min) {
        return value == null || value.compareTo(min) < 0 ? min : value;
    }
}
