package io.corral.agent.heartbeat;

import io.corral.agent.clone.CloneGateStats;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * The agent's own health in a heartbeat: heap, commands executing, live worker loops, results
 * waiting in the outbox, and its clone gate (clones waiting and running now; slots granted and the
 * seconds granted clones waited, both since the agent started). {@code heapMaxBytes} is -1 when
 * the JVM has no heap limit.
 */
public record AgentHealth(long heapUsedBytes, long heapMaxBytes, int inFlight, int workers, int outboxPending,
                          int cloneWaiting, int cloneRunning, long cloneGranted, double cloneWaitedSeconds) {

    /** Without clone gate figures (all zero). */
    public AgentHealth(long heapUsedBytes, long heapMaxBytes, int inFlight, int workers, int outboxPending) {
        this(heapUsedBytes, heapMaxBytes, inFlight, workers, outboxPending, 0, 0, 0, 0);
    }

    /** @param gate the clone gate's counters now, or null when there is no gate */
    public static AgentHealth measure(int inFlight, int workers, int outboxPending, CloneGateStats gate) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        if (gate == null) {
            return new AgentHealth(heap.getUsed(), heap.getMax(), inFlight, workers, outboxPending);
        }
        return new AgentHealth(heap.getUsed(), heap.getMax(), inFlight, workers, outboxPending, gate.queued(),
                gate.running(), gate.granted(), gate.waitedMillis() / 1000.0);
    }

    public JsonObjectBuilder toJson() {
        return Json.createObjectBuilder()
                .add("heapUsedBytes", heapUsedBytes)
                .add("heapMaxBytes", heapMaxBytes)
                .add("inFlight", inFlight)
                .add("workers", workers)
                .add("outboxPending", outboxPending)
                .add("cloneWaiting", cloneWaiting)
                .add("cloneRunning", cloneRunning)
                .add("cloneGranted", cloneGranted)
                .add("cloneWaitedSeconds", cloneWaitedSeconds);
    }
}
