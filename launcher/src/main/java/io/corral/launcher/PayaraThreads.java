package io.corral.launcher;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The thread pools of every Payara Micro process the launcher starts, cut to what Corral's load
 * needs (docs/operations.md, "Threads"): out of the box an idle control plane runs ~120 Java
 * threads, most of them pools sized for a many-core server or for features Corral does not use.
 * Held long-polls take no thread (JAX-RS {@code AsyncResponse}), so the pools only have to cover
 * the requests and tasks running at one time on a small machine.
 */
final class PayaraThreads {

    /**
     * Hazelcast reads its properties from system properties too. It stays (Payara Micro keeps
     * {@code @Schedule} timers in it; {@code --nohazelcast} breaks their deployment) but serves
     * one member and no clients, so one thread per role is plenty.
     */
    static final List<String> JVM_OPTIONS = List.of(
            "-XX:-UseNotificationThread",                     // JMX notifications go to the Service Thread
            "-Dhazelcast.io.thread.count=1",                  // 3 in + 3 out → 1 + 1: no peers to talk to
            "-Dhazelcast.io.balancer.interval.seconds=-1",    // nothing to balance between 1 in and 1 out thread
            "-Dhazelcast.operation.thread.count=1",           // partition operations: one per core by default
            "-Dhazelcast.operation.generic.thread.count=1",   // generic operations: max(2, cores/2)
            "-Dhazelcast.operation.response.thread.count=1",  // responses: 2
            "-Dhazelcast.event.thread.count=1",               // events: 5
            "-Dhazelcast.health.monitoring.level=OFF",        // its own log line every 30 s; /metrics covers it
            "-Dhazelcast.slow.operation.detector.enabled=false",
            "-Dhazelcast.metrics.enabled=false");             // Hazelcast's own metrics registry (not /metrics)

    private static final String CONFIG = "configs.config.server-config.";

    /** Dotted {@code set} commands of the pre-boot command file (Payara Micro runs no admin server). */
    static final List<String> PREBOOT_COMMANDS = List.of(
            // Request threads: no long-poll or WebSocket holds one, so they only cover requests in
            // progress: an estimated 1,500-3,000 requests/s at 1,000 lifecycles/s, 1-2 ms each (half of
            // it waiting on PostgreSQL), are 2-6 at a time; 5 is what fits the 64-thread budget.
            // The default queue of 4096 rejects bursts of long-poll connections (PLATFORM-NOTES).
            CONFIG + "thread-pools.thread-pool.http-thread-pool.max-queue-size=-1",
            CONFIG + "thread-pools.thread-pool.http-thread-pool.max-thread-pool-size=5",
            CONFIG + "thread-pools.thread-pool.http-thread-pool.min-thread-pool-size=2",
            // EJB timer callbacks only (no @Asynchronous): short ticks, a task's run goes to the
            // application's own pool; 16 core threads by default, each kept after one tick of the
            // 1-s command sweeper. One runs them in turn (its queue is unbounded).
            CONFIG + "ejb-container.property.thread-core-pool-size=1",
            CONFIG + "ejb-container.property.thread-max-pool-size=1",
            // Payara's internal executor (Hazelcast glue, config listeners): 3 + 3 by default.
            CONFIG + "payara-executor-service-configuration.thread-pool-executor-core-pool-size=1",
            CONFIG + "payara-executor-service-configuration.thread-pool-executor-max-pool-size=4",
            CONFIG + "payara-executor-service-configuration.scheduled-thread-pool-executor-core-pool-size=1",
            // The default ManagedExecutorService stays a cached pool (batch jobs hold a thread for a
            // whole run) but lets an idle thread go after 60 s instead of 300 s.
            "resources.managed-executor-service.concurrent/__defaultManagedExecutorService.keep-alive-seconds=60");

    /**
     * The control plane's own pools, by its settings. A poll claim is one short transaction
     * (~1 ms) that leases up to the poll's {@code max} commands: 2 threads claim ~2,000 times a
     * second (its default is 8).
     */
    static final Map<String, String> CONTROL_PLANE_ENV = Map.of("CORRAL_DELIVERY_THREADS", "2");

    /** {@link #CONTROL_PLANE_ENV} less what the caller configured or the launcher's environment sets. */
    static Map<String, String> controlPlaneEnv(Map<String, String> configured, Map<String, String> inherited) {
        Map<String, String> env = new HashMap<>(CONTROL_PLANE_ENV);
        env.keySet().removeIf(name -> configured.containsKey(name) || inherited.containsKey(name));
        return env;
    }

    private PayaraThreads() {
    }
}
