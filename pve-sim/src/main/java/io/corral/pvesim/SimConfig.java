package io.corral.pvesim;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Everything a simulator is started with.
 *
 * @param bindAddress       address to listen on
 * @param port              port to listen on; 0 picks a free one
 * @param seed              the fleet at start and after a reset
 * @param apiTokens         token id ({@code root@pam!corral}) → secret
 * @param users             user ({@code root@pam}) → password, for ticket logins
 * @param timeFactor        multiplies every task duration and the lock timeout (tests use e.g. 0.01)
 * @param loginFailureDelay how long a failed login waits before its 401, as PVE's 3 s
 * @param taskDurations     unscaled task durations per power action; missing ones use the default
 * @param sslContext        serves HTTPS with it when set
 * @param cloneDurations    unscaled clone durations per kind; missing ones use the default
 * @param lockTimeout       unscaled time a QEMU task waits for a config file lock (PVE: 10 s)
 * @param https             serves HTTPS with a self-signed certificate made at start (when no sslContext)
 * @param createDurations   unscaled create durations per kind; missing ones use the default
 */
public record SimConfig(String bindAddress, int port, Seed seed, Map<String, String> apiTokens,
                        Map<String, String> users, double timeFactor, Duration loginFailureDelay,
                        Map<PowerAction, Duration> taskDurations, SSLContext sslContext,
                        Map<CloneKind, Duration> cloneDurations, Duration lockTimeout, boolean https,
                        Map<CreateKind, Duration> createDurations) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final Duration DEFAULT_LOGIN_FAILURE_DELAY = Duration.ofSeconds(3);
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

    public SimConfig {
        if (timeFactor < 0) {
            throw new IllegalArgumentException("time factor must not be negative: " + timeFactor);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        apiTokens = Map.copyOf(apiTokens);
        users = Map.copyOf(users);
        taskDurations = taskDurations.isEmpty() ? Map.of() : new EnumMap<>(taskDurations);
        cloneDurations = cloneDurations.isEmpty() ? Map.of() : new EnumMap<>(cloneDurations);
        createDurations = createDurations == null || createDurations.isEmpty() ? Map.of()
                : new EnumMap<>(createDurations);
        lockTimeout = lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
    }

    /** The configuration before clones and HTTPS were configurable: plain HTTP unless an SSL context is given. */
    public SimConfig(String bindAddress, int port, Seed seed, Map<String, String> apiTokens,
                     Map<String, String> users, double timeFactor, Duration loginFailureDelay,
                     Map<PowerAction, Duration> taskDurations, SSLContext sslContext) {
        this(bindAddress, port, seed, apiTokens, users, timeFactor, loginFailureDelay, taskDurations, sslContext,
                Map.of(), DEFAULT_LOCK_TIMEOUT, false, Map.of());
    }

    /** The configuration before creates were configurable. */
    public SimConfig(String bindAddress, int port, Seed seed, Map<String, String> apiTokens,
                     Map<String, String> users, double timeFactor, Duration loginFailureDelay,
                     Map<PowerAction, Duration> taskDurations, SSLContext sslContext,
                     Map<CloneKind, Duration> cloneDurations, Duration lockTimeout, boolean https) {
        this(bindAddress, port, seed, apiTokens, users, timeFactor, loginFailureDelay, taskDurations, sslContext,
                cloneDurations, lockTimeout, https, Map.of());
    }

    /** How long a task of this action runs, time factor applied. */
    public Duration taskDuration(PowerAction action) {
        return scaled(taskDurations.getOrDefault(action, action.defaultDuration()));
    }

    /** How long a clone of this kind runs, time factor applied. */
    public Duration cloneDuration(CloneKind kind) {
        return scaled(cloneDurations.getOrDefault(kind, kind.defaultDuration()));
    }

    /** How long a create of this kind runs, time factor applied. */
    public Duration createDuration(CreateKind kind) {
        return scaled(createDurations.getOrDefault(kind, kind.defaultDuration()));
    }

    /** How long a QEMU clone waits for its source's lock before failing, time factor applied. */
    public Duration scaledLockTimeout() {
        return scaled(lockTimeout);
    }

    private Duration scaled(Duration base) {
        return Duration.ofNanos((long) (base.toNanos() * timeFactor));
    }

    public String scheme() {
        return sslContext != null || https ? "https" : "http";
    }
}
