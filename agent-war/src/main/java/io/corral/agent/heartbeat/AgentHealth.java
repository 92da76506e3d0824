package io.corral.agent.heartbeat;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * The agent's own health in a heartbeat: heap, commands executing, live worker loops, results
 * waiting in the outbox. {@code heapMaxBytes} is -1 when the JVM has no heap limit.
 */
public record AgentHealth(long heapUsedBytes, long heapMaxBytes, int inFlight, int workers, int outboxPending) {

    public static AgentHealth measure(int inFlight, int workers, int outboxPending) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new AgentHealth(heap.getUsed(), heap.getMax(), inFlight, workers, outboxPending);
    }

    public JsonObjectBuilder toJson() {
        return Json.createObjectBuilder()
                .add("heapUsedBytes", heapUsedBytes)
                .add("heapMaxBytes", heapMaxBytes)
                .add("inFlight", inFlight)
                .add("workers", workers)
                .add("outboxPending", outboxPending);
    }
}
