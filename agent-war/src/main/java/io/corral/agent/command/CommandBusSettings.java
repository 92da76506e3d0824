package io.corral.agent.command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the agent side of the command bus runs.
 *
 * @param workers          long-poll loops
 * @param workerCapacity   commands one loop holds at once (its {@code max} when it polls)
 * @param pollWaitSeconds  how long the server may hold a poll (jittered ±10 % per request)
 * @param typeConcurrency  commands of one type running at once, unless {@code typeLimits} says
 * @param typeLimits       own bounds for some types, e.g. {@code proxmox.clone → 2}
 * @param dataDir          where the result outbox lives
 * @param progressInterval how often a running command's progress is repeated
 * @param backoffInitial   first delay after a failed poll or delivery
 * @param backoffMax       longest delay
 */
public record CommandBusSettings(int workers, int workerCapacity, int pollWaitSeconds, int typeConcurrency,
                                 Map<String, Integer> typeLimits, Path dataDir, Duration progressInterval,
                                 Duration backoffInitial, Duration backoffMax) {

    public CommandBusSettings {
        workers = Math.max(1, workers);
        workerCapacity = Math.max(1, workerCapacity);
        pollWaitSeconds = Math.max(1, Math.min(60, pollWaitSeconds));
        typeConcurrency = Math.max(1, typeConcurrency);
        typeLimits = Map.copyOf(typeLimits);
    }
}
