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
 * @param timeFactor        multiplies every task duration (tests use e.g. 0.01)
 * @param loginFailureDelay how long a failed login waits before its 401, as PVE's 3 s
 * @param taskDurations     unscaled task durations per power action; missing ones use the default
 * @param sslContext        serves HTTPS with it when set, plain HTTP when {@code null}
 */
public record SimConfig(String bindAddress, int port, Seed seed, Map<String, String> apiTokens,
                        Map<String, String> users, double timeFactor, Duration loginFailureDelay,
                        Map<PowerAction, Duration> taskDurations, SSLContext sslContext) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final Duration DEFAULT_LOGIN_FAILURE_DELAY = Duration.ofSeconds(3);

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
    }

    /** How long a task of this action runs, time factor applied. */
    public Duration taskDuration(PowerAction action) {
        Duration base = taskDurations.getOrDefault(action, action.defaultDuration());
        return Duration.ofNanos((long) (base.toNanos() * timeFactor));
    }

    public String scheme() {
        return sslContext == null ? "http" : "https";
    }
}
