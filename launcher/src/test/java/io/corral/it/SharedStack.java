package io.corral.it;

import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One Corral stack (PostgreSQL, simulator, control plane, agent) for every integration test
 * class in this JVM: each Payara Micro boot costs ~15 s, so tests share it and restore what
 * they change. Closed when the whole test plan ends.
 */
public final class SharedStack implements BeforeAllCallback {
    static final int HEARTBEAT_SECONDS = 1;
    static final int AGENT_TTL_SECONDS = 4;
    static final int LEASE_SECONDS = 2;
    /** Simulated Proxmox tasks run at this fraction of their realistic durations (a clone: 5 s -> 0.25 s). */
    static final double PVE_TIME_FACTOR = 0.05;
    /** VaultIT: two vault keys, version 1 active; it rotates to version 2 and checks no log holds them. */
    static final String VAULT_KEY_1 = randomVaultKey();
    static final String VAULT_KEY_2 = randomVaultKey();
    private static Stack stack;
    private static LaunchOptions options;

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws Exception {
        if (stack == null) {
            Path dataDir = Files.createTempDirectory("corral-it-");
            options = LaunchOptions.forTests(dataDir)
                    .stackDir(Path.of("target", "stack"))
                    // Tests that start a second instance get two members of one Payara Micro cluster.
                    .cluster(true)
                    .heartbeatSeconds(HEARTBEAT_SECONDS)
                    .agentTtlSeconds(AGENT_TTL_SECONDS)
                    .controlPlaneEnv("CORRAL_COMMAND_LEASE_SECONDS", String.valueOf(LEASE_SECONDS))
                    .controlPlaneEnv("CORRAL_API_RATE_PER_SECOND", "100000")
                    // SshCommandsIT: its SSH server listens on 127.0.0.1, and the config files it serves over SFTP.
                    .controlPlaneEnv("CORRAL_TARGETS_ALLOW_LOOPBACK", "true")
                    .agentEnv("CORRAL_AGENT_SSH_ALLOW_LOOPBACK", "true")
                    .agentEnv("CORRAL_AGENT_SSH_CONFIG_PATHS", "/etc/corral/*.conf")
                    // FleetTasksIT: a task ticking every 2 s to count runs across two instances, short
                    // helper liveness and health thresholds, a destruction cap small enough to reach.
                    .controlPlaneEnv("CORRAL_TASK_CREDENTIAL_VALIDATION_SCHEDULE", "every 2s")
                    .controlPlaneEnv("CORRAL_LIVENESS_VM_DEGRADED_SECONDS", "3")
                    .controlPlaneEnv("CORRAL_LIVENESS_VM_STALE_SECONDS", "6")
                    .controlPlaneEnv("CORRAL_LIVENESS_VM_OFFLINE_SECONDS", "9")
                    .controlPlaneEnv("CORRAL_TASK_HEALTH_CHECK_FAILED_AFTER_SECONDS", "10")
                    .controlPlaneEnv("CORRAL_TASK_DESTRUCTION_MAX_PER_RUN", "2")
                    .controlPlaneEnv("CORRAL_TASK_HIBERNATION_IDLE_MINUTES", "1")
                    // MetricsIT runs it on demand; a tick every 10 min would queue a proxmox.metrics inside
                    // tests that count all commands or events (CloneRunsIT, PruneIT): once a day instead.
                    .controlPlaneEnv("CORRAL_TASK_METRICS_COLLECTION_SCHEDULE", "daily 00:00")
                    .controlPlaneEnv("CORRAL_VAULT_KEYS", "1:" + VAULT_KEY_1 + ",2:" + VAULT_KEY_2)
                    .controlPlaneEnv("CORRAL_VAULT_ACTIVE_KEY", "1")
                    .controlPlaneEnv("CORRAL_VAULT_ROTATION_CHUNK_ROWS", "2")
                    // AuthSessionsIT: browser VMs cloned from template 9000 on pve1 by the stack's agent ("local").
                    .controlPlaneEnv("CORRAL_AUTH_PROVIDERS", "github=local/pve1/9000,gitlab=local/pve1/9000")
                    .pveTimeFactor(PVE_TIME_FACTOR)
                    .build();
            stack = Stack.start(options);
            record(stack);
            Secrets.secret("vault key", VAULT_KEY_1);
            Secrets.secret("vault key", VAULT_KEY_2);
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .put(SharedStack.class, (ExtensionContext.Store.CloseableResource) SharedStack::close);
        }
    }

    /** Stops everything (PostgreSQL too) and starts a new stack on the same data directory. */
    public static synchronized Stack restart() throws Exception {
        get().close();
        stack = Stack.start(options);
        record(stack);
        return stack;
    }

    private static synchronized void close() throws IOException {
        if (stack != null) {
            stack.close();
            // Keep the logs (small, and what one reads after a failure); drop database and work dirs.
            try (Stream<Path> files = Files.walk(options.dataDir())) {
                files.sorted(Comparator.reverseOrder())
                        .filter(p -> !p.startsWith(options.dataDir().resolve("logs")))
                        .forEach(p -> p.toFile().delete());
            }
            System.out.println("Integration-test logs kept in " + options.dataDir().resolve("logs"));
        }
    }

    /**
     * The secrets a stack starts with and its log directory, for the secrets scan ({@link SecretsScanIT}).
     * The embedded database's fixed password ("postgres") is not one: it is the well-known default of a
     * test database bound to loopback, and the word is everywhere in its logs.
     */
    static void record(Stack stack) {
        Secrets.logDir(stack.logDir());
        Secrets.secret("admin password", stack.adminPassword());
        Secrets.secret("bootstrap token", stack.apiToken());
        Secrets.secret("agent token", stack.agentToken());
        Secrets.secret("pve token secret", stack.pveToken().substring(stack.pveToken().indexOf('=') + 1));
    }

    public static synchronized Stack get() {
        if (stack == null) {
            throw new IllegalStateException("Annotate the test class with @ExtendWith(SharedStack.class)");
        }
        return stack;
    }

    private static String randomVaultKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }
}
