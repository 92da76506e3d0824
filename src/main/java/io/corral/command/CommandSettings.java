package io.corral.command;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.Map;

/** Operator-tunable rules of the command bus. */
@ApplicationScoped
public class CommandSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_COMMAND_EXPIRY_SECONDS", defaultValue = "600")
    int defaultExpirySeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_COMMAND_LEASE_SECONDS", defaultValue = "30")
    int leaseSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_COMMAND_MAX_ATTEMPTS", defaultValue = "3")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "CORRAL_COMMAND_STALE_SECONDS", defaultValue = "600")
    int staleSeconds;

    /** Per-type stale timeouts, e.g. {@code proxmox.clone=1800,proxmox.wait-task=3600}. */
    @Inject
    @ConfigProperty(name = "CORRAL_COMMAND_STALE_BY_TYPE", defaultValue = " ")
    String staleByType;

    @Inject
    @ConfigProperty(name = "CORRAL_DELIVERY_THREADS", defaultValue = "8")
    int deliveryThreads;

    @Inject
    @ConfigProperty(name = "CORRAL_MAX_HELD_POLLS", defaultValue = "12000")
    int maxHeldPolls;

    /** Config keys {@code proxmox.config.set} may touch; blank: {@link ConfigSetKeys#DEFAULT}. */
    @Inject
    @ConfigProperty(name = "CORRAL_CONFIG_SET_KEYS", defaultValue = " ")
    String configSetKeys;

    @Inject
    @ConfigProperty(name = "CORRAL_MAX_HELD_POLLS_PER_AGENT", defaultValue = "16")
    int maxHeldPollsPerAgent;

    @Inject
    @ConfigProperty(name = "CORRAL_SECRETS_AUDIT_WINDOW_MINUTES", defaultValue = "10")
    int secretsAuditWindowMinutes;

    private Map<String, Integer> staleOverrides;
    private ConfigSetKeys parsedConfigSetKeys;

    /** Threads that claim commands for woken long-polls. */
    public int deliveryThreads() {
        return deliveryThreads;
    }

    /** Agent long-polls one instance holds at most; more get 503. */
    public int maxHeldPolls() {
        return maxHeldPolls;
    }

    synchronized ConfigSetKeys configSetKeys() {
        if (parsedConfigSetKeys == null) {
            parsedConfigSetKeys = ConfigSetKeys.parse(configSetKeys);
        }
        return parsedConfigSetKeys;
    }

    /** Long-polls one agent may have held on one instance at once; more get 429. */
    public int maxHeldPollsPerAgent() {
        return maxHeldPollsPerAgent;
    }

    /** Views of one command's secrets by one person within this many minutes are audited once. */
    public int secretsAuditWindowMinutes() {
        return Math.max(0, secretsAuditWindowMinutes);
    }

    public int defaultExpirySeconds() {
        return defaultExpirySeconds;
    }

    public int leaseSeconds() {
        return leaseSeconds;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public synchronized int staleSeconds(String type) {
        if (staleOverrides == null) {
            staleOverrides = new HashMap<>();
            for (String pair : staleByType.split(",")) {
                String[] kv = pair.trim().split("=");
                if (kv.length == 2) {
                    staleOverrides.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
                }
            }
        }
        return staleOverrides.getOrDefault(type, staleSeconds);
    }
}
